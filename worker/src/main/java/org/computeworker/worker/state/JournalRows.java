package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The journal rows of the messages in flight, each written as one upsert of its latest state: a change made while
 * the row's previous write still waits for the writer rides along with it. A fast message so costs the journal one
 * statement instead of three (received, running, finished), and the writer thread stays off the hot path.
 */
final class JournalRows {
    private static final String UPSERT = "INSERT INTO journal(seq, unique_id, method, namespace, instance_uuid, "
            + "request_id, kind, status, received_at, finished_at, error) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT(seq) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at, "
            + "error = excluded.error";

    private final GroupCommitWriter writer;
    private final ConcurrentHashMap<String, Row> live = new ConcurrentHashMap<>();

    JournalRows(GroupCommitWriter writer) {
        this.writer = writer;
    }

    /** One message's row as its next write will find it. Guarded by its own monitor. */
    private static final class Row {
        final long seq;
        final JournalEntry entry;
        JournalStatus status = JournalStatus.RECEIVED;
        String error;
        Long finishedAt;
        /** The queued write the writer has not taken yet: later changes join it. */
        CompletableFuture<Void> pending;

        Row(long seq, JournalEntry entry) {
            this.seq = seq;
            this.entry = entry;
        }
    }

    void add(long seq, JournalEntry entry, Consumer<Throwable> onCommit) {
        Row row = new Row(seq, entry);
        synchronized (row) {
            row.pending = writer.submit(c -> write(c, row), (v, error) -> onCommit.accept(error));
        }
        live.put(entry.uniqueId(), row); // after: a change arriving now must find the write to join
    }

    /**
     * Moves a live row to running (a finished one stays as it is); the future completes once a write carrying that
     * state committed. Null when the message is not live here (journaled by an earlier run of the worker).
     */
    CompletableFuture<Void> started(String uniqueId) {
        Row row = live.get(uniqueId);
        if (row == null) {
            return null;
        }
        synchronized (row) {
            if (row.status == JournalStatus.RECEIVED) {
                row.status = JournalStatus.RUNNING;
            }
            return schedule(row);
        }
    }

    /** Records a live row's outcome; false when the message is not live here. */
    boolean finished(String uniqueId, JournalStatus status, String error, long finishedAt) {
        Row row = live.get(uniqueId);
        if (row == null) {
            return false;
        }
        synchronized (row) {
            row.status = status;
            row.error = error;
            row.finishedAt = finishedAt;
            schedule(row);
        }
        return true;
    }

    private CompletableFuture<Void> schedule(Row row) {
        if (row.pending == null) {
            row.pending = writer.submit(c -> write(c, row));
        }
        return row.pending;
    }

    /** On the writer thread, inside its batch transaction. */
    private Void write(java.sql.Connection c, Row row) throws SQLException {
        JournalStatus status;
        String error;
        Long finishedAt;
        synchronized (row) {
            row.pending = null; // from here on a change needs a write of its own
            status = row.status;
            error = row.error;
            finishedAt = row.finishedAt;
        }
        JournalEntry e = row.entry;
        PreparedStatement p = Database.cached(c, UPSERT);
        p.setLong(1, row.seq);
        p.setString(2, e.uniqueId());
        p.setString(3, e.method());
        p.setString(4, e.namespace());
        p.setString(5, e.instanceUuid());
        p.setString(6, e.requestId());
        p.setString(7, e.call() ? "call" : "cast");
        p.setString(8, status.dbValue());
        p.setLong(9, e.receivedAtMillis());
        p.setObject(10, finishedAt);
        p.setString(11, error);
        p.executeUpdate();
        if (status.finished()) {
            live.remove(e.uniqueId(), row);
        }
        return null;
    }
}
