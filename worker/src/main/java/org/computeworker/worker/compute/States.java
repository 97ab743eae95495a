package org.computeworker.worker.compute;

/** nova's vm_states and task_states, as the strings nova stores and sends. */
public final class States {
    public static final String ACTIVE = "active";
    public static final String BUILDING = "building";
    public static final String STOPPED = "stopped";
    public static final String RESIZED = "resized";
    public static final String ERROR = "error";
    public static final String DELETED = "deleted";
    public static final String RESCUED = "rescued";

    public static final String SCHEDULING = "scheduling";
    public static final String BLOCK_DEVICE_MAPPING = "block_device_mapping";
    public static final String NETWORKING = "networking";
    public static final String SPAWNING = "spawning";
    public static final String POWERING_ON = "powering-on";
    public static final String POWERING_OFF = "powering-off";
    public static final String RESIZE_PREP = "resize_prep";
    public static final String RESIZE_MIGRATING = "resize_migrating";
    public static final String RESIZE_MIGRATED = "resize_migrated";
    public static final String RESIZE_FINISH = "resize_finish";
    public static final String RESIZE_REVERTING = "resize_reverting";
    public static final String DELETING = "deleting";
    public static final String SOFT_DELETING = "soft-deleting";
    public static final String REBOOTING = "rebooting";
    public static final String REBOOT_PENDING = "reboot_pending";
    public static final String REBOOT_STARTED = "reboot_started";
    public static final String REBOOTING_HARD = "rebooting_hard";
    public static final String REBOOT_PENDING_HARD = "reboot_pending_hard";
    public static final String REBOOT_STARTED_HARD = "reboot_started_hard";
    public static final java.util.List<String> SOFT_REBOOT_STATES = java.util.List.of(REBOOTING, REBOOT_PENDING,
            REBOOT_STARTED);
    public static final java.util.List<String> HARD_REBOOT_STATES = java.util.List.of(REBOOTING_HARD,
            REBOOT_PENDING_HARD, REBOOT_STARTED_HARD);
    public static final java.util.List<String> REBOOT_STATES = java.util.List.of(REBOOTING, REBOOT_PENDING,
            REBOOT_STARTED, REBOOTING_HARD, REBOOT_PENDING_HARD, REBOOT_STARTED_HARD);

    /** Migration statuses in the order a resize reaches them. */
    public static final String PRE_MIGRATING = "pre-migrating";
    public static final String MIGRATING = "migrating";
    public static final String POST_MIGRATING = "post-migrating";
    public static final String FINISHED = "finished";
    public static final String CONFIRMING = "confirming";
    public static final String CONFIRMED = "confirmed";
    public static final String REVERTING = "reverting";
    public static final String REVERTED = "reverted";
    public static final String MIGRATION_ERROR = "error";

    /** system_metadata key where prep_resize stashes the vm_state to return to. */
    public static final String OLD_VM_STATE = "old_vm_state";

    private States() {
    }

    /** How far a resize has gone, by migration status; unknown statuses rank lowest. */
    public static int migrationRank(String status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case PRE_MIGRATING -> 1;
            case MIGRATING -> 2;
            case POST_MIGRATING -> 3;
            case FINISHED -> 4;
            case CONFIRMING, REVERTING -> 5;
            case CONFIRMED, REVERTED -> 6;
            case MIGRATION_ERROR -> 7;
            default -> 0;
        };
    }
}
