package org.computeworker.worker.state;

/** Where a journaled message stands. */
public enum JournalStatus {
    /** Journaled and acknowledged, not started: replayed after a crash. */
    RECEIVED,
    /** Started: after a crash its instance is reconciled instead of running it again. */
    RUNNING,
    DONE,
    FAILED,
    /** Refused before it ran (stale task state, expired call). */
    REFUSED,
    /** Was running when the worker died. */
    INTERRUPTED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JournalStatus fromDb(String v) {
        return valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }
}
