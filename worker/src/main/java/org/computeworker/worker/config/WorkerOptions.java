package org.computeworker.worker.config;

/**
 * {@code [compute_worker]}: options nova has no name for because nova has no such feature
 * (metrics endpoint, message size bound, the durable journal).
 */
public record WorkerOptions(
        String metricsHost,
        int metricsPort,
        int maxMessageBytes,
        int journalRetentionHours,
        boolean journalSyncFull,
        int dedupeWindow) {

    static final String SECTION = "compute_worker";

    static WorkerOptions read(OptionReader r) {
        return new WorkerOptions(
                r.string(SECTION, "metrics_host", "0.0.0.0"),
                r.integer(SECTION, "metrics_port", 9180, 0, 65535),
                r.integer(SECTION, "max_message_bytes", 4 * 1024 * 1024, 1024, 512 * 1024 * 1024),
                r.integer(SECTION, "journal_retention_hours", 72, 1, 24 * 365),
                r.bool(SECTION, "journal_sync_full", false),
                r.integer(SECTION, "dedupe_window", 100_000, 16, 10_000_000));
    }
}
