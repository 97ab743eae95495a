package org.computeworker.benchmark;

import java.util.Locale;

/** The worker's state-database commits so far (count, writes carried, seconds spent), from its /metrics. */
record JournalCommits(double commits, double writes, double seconds) {
    static JournalCommits of(WorkerUnderTest worker) throws Exception {
        return new JournalCommits(worker.metric("compute_worker_state_commit_batch_count", ""),
                worker.metric("compute_worker_state_commit_batch_sum", ""),
                worker.metric("compute_worker_state_commit_seconds_sum", ""));
    }

    /** "N journal commits, W writes per commit, U us per commit" since {@code earlier}. */
    String since(JournalCommits earlier) {
        double n = Math.max(1, commits - earlier.commits);
        return String.format(Locale.ROOT, "%.0f journal commits, %.1f writes per commit, %.0f us per commit",
                commits - earlier.commits, (writes - earlier.writes) / n, (seconds - earlier.seconds) * 1e6 / n);
    }
}
