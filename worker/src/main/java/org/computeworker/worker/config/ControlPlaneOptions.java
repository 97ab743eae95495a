package org.computeworker.worker.config;

/**
 * What nova-compute's place in a control plane reads from nova.conf: its heartbeat, its resource
 * audit, what it tells the schedulers, and the RPC version caps of the services it calls.
 *
 * @param reportInterval             [DEFAULT] report_interval: seconds between Service.save heartbeats
 * @param enableNewServices          [DEFAULT] enable_new_services: a service registered for the first time is
 *                                   enabled (false: disabled, "New service disabled due to config option.")
 * @param updateResourcesInterval    [DEFAULT] update_resources_interval: seconds between resource audits (nova's
 *                                   0 means its periodic default of 60 s; a negative value disables them)
 * @param trackInstanceChanges       [filter_scheduler] track_instance_changes
 * @param schedulerInstanceSyncInterval [DEFAULT] scheduler_instance_sync_interval
 * @param computeVersionCap          [upgrade_levels] compute (null: none)
 * @param conductorVersionCap        [upgrade_levels] conductor (null: none)
 * @param schedulerVersionCap        [upgrade_levels] scheduler (null: none)
 * @param periodicFuzzyDelay         [DEFAULT] periodic_fuzzy_delay: seconds of random delay before periodic tasks
 *                                   first run
 */
public record ControlPlaneOptions(
        int reportInterval,
        boolean enableNewServices,
        int updateResourcesInterval,
        boolean trackInstanceChanges,
        int schedulerInstanceSyncInterval,
        String computeVersionCap,
        String conductorVersionCap,
        String schedulerVersionCap,
        int periodicFuzzyDelay) {

    static ControlPlaneOptions read(OptionReader r) {
        return new ControlPlaneOptions(
                r.integer("DEFAULT", "report_interval", 10, 1, 86400),
                r.bool("DEFAULT", "enable_new_services", true),
                r.integer("DEFAULT", "update_resources_interval", 0, -1, 86400),
                r.bool("filter_scheduler", "track_instance_changes", true),
                r.integer("DEFAULT", "scheduler_instance_sync_interval", 120, -1, 86400),
                cap(r, "compute"),
                cap(r, "conductor"),
                cap(r, "scheduler"),
                r.integer("DEFAULT", "periodic_fuzzy_delay", 60, 0, 86400));
    }

    /** oslo's "auto" (the default for compute) asks the services' versions; this worker speaks Zed's RPC, no cap. */
    private static String cap(OptionReader r, String service) {
        return r.optional("upgrade_levels", service).filter(v -> !v.equals("auto")).orElse(null);
    }

    /** Seconds between resource audits; nova's 0 is its periodic task default of 60 s. */
    public int effectiveUpdateResourcesInterval() {
        return updateResourcesInterval == 0 ? 60 : updateResourcesInterval;
    }
}
