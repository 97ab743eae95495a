package org.computeworker.worker.config;

/**
 * {@code [compute_worker]}: options nova has no name for because nova has no such feature
 * (metrics endpoint, message size bound, the durable journal, the standalone mode).
 *
 * @param standalone {@code standalone}: nova's record (instances, migrations, actions, faults, the service and
 *                   compute node) is kept in the worker's own state file and nothing is reported to a control
 *                   plane, for demos, benchmarks and tests; false (the default, what a nova.conf means): the record
 *                   is nova's database, read and written through nova-conductor as nova-compute does
 */
public record WorkerOptions(
        boolean standalone,
        String metricsHost,
        int metricsPort,
        int maxMessageBytes,
        int journalRetentionHours,
        boolean journalSyncFull,
        int dedupeWindow) {

    static final String SECTION = "compute_worker";

    static WorkerOptions read(OptionReader r) {
        return new WorkerOptions(
                r.bool(SECTION, "standalone", false),
                r.string(SECTION, "metrics_host", "0.0.0.0"),
                r.integer(SECTION, "metrics_port", 9180, 0, 65535),
                r.integer(SECTION, "max_message_bytes", 4 * 1024 * 1024, 1024, 512 * 1024 * 1024),
                r.integer(SECTION, "journal_retention_hours", 72, 1, 24 * 365),
                r.bool(SECTION, "journal_sync_full", false),
                r.integer(SECTION, "dedupe_window", 100_000, 16, 10_000_000));
    }
}
