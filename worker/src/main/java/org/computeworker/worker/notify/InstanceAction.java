package org.computeworker.worker.notify;

/**
 * An instance action as both notification formats name it: the legacy event is
 * {@code compute.instance.<legacy>.<phase>}, the versioned one {@code instance.<versioned>.<phase>}.
 * The flags say what nova's caller passes: network_info to the legacy payload (which then has
 * {@code fixed_ips}) at the start and at the end, and BDMs to the versioned payload.
 */
enum InstanceAction {
    POWER_ON("power_on", "power_on", false, false, false),
    POWER_OFF("power_off", "power_off", false, false, false),
    RESIZE("resize", "resize", true, true, true),
    RESIZE_FINISH("finish_resize", "resize_finish", true, true, true),
    RESIZE_CONFIRM("resize.confirm", "resize_confirm", false, true, false),
    RESIZE_REVERT("resize.revert", "resize_revert", false, false, true),
    REBOOT("reboot", "reboot", false, false, true),
    SHUTDOWN("shutdown", "shutdown", false, false, true),
    DELETE("delete", "delete", false, false, true);

    final String legacy;
    final String versioned;
    final boolean networkInfoAtStart;
    final boolean networkInfoAtEnd;
    final boolean passesBdms;

    InstanceAction(String legacy, String versioned, boolean networkInfoAtStart, boolean networkInfoAtEnd,
                   boolean passesBdms) {
        this.legacy = legacy;
        this.versioned = versioned;
        this.networkInfoAtStart = networkInfoAtStart;
        this.networkInfoAtEnd = networkInfoAtEnd;
        this.passesBdms = passesBdms;
    }

    boolean networkInfo(Phase phase) {
        return phase == Phase.START ? networkInfoAtStart : phase == Phase.END && networkInfoAtEnd;
    }
}
