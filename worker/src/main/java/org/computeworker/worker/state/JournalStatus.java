package org.computeworker.worker.state;

import java.util.Locale;

/** Where a journaled message stands. */
public enum JournalStatus {
    /** Recorded, not started, not yet acknowledged: after a crash the broker delivers it again. */
    RECEIVED,
    /** Started and acknowledged: after a crash its instance is reconciled instead of running it again. */
    RUNNING,
    DONE,
    FAILED,
    /** Refused before it ran (stale task state, expired call). */
    REFUSED,
    /** Was running when the worker died. */
    INTERRUPTED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JournalStatus fromDb(String v) {
        return valueOf(v.toUpperCase(Locale.ROOT));
    }

    /** Whether it has an outcome: it ran, was refused, or was cut off by a crash. */
    public boolean finished() {
        return this != RECEIVED && this != RUNNING;
    }

    /** Whether a new delivery of this message must not run (it ran, runs, or was refused). */
    public boolean settled() {
        return this != RECEIVED;
    }
}
