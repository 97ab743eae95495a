package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The journal of accepted RPC messages, keyed by oslo's {@code _unique_id}. A message is recorded
 * (with its body) before the broker is told it was received, so a crash loses nothing: messages
 * never started are replayed, duplicates of a recorded id are dropped, and entries that were
 * running are handed to reconciliation.
 */
public final class MessageJournal {
    private final Database db;
    private final GroupCommitWriter writer;
    private final AtomicLong seq;

    public MessageJournal(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
        this.seq = new AtomicLong(db.read(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM journal")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    /**
     * Records a new message. {@code onCommit} receives true when it was new, false when its id was
     * already journaled (a duplicate), or the error; it runs on the writer thread in admission order.
     */
    public void admit(JournalEntry e, BiConsumer<Boolean, Throwable> onCommit) {
        long n = seq.incrementAndGet();
        writer.submit(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO journal(unique_id, seq, method, "
                    + "namespace, instance_uuid, request_id, kind, status, received_at, body) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, e.uniqueId());
                p.setLong(2, n);
                p.setString(3, e.method());
                p.setString(4, e.namespace());
                p.setString(5, e.instanceUuid());
                p.setString(6, e.requestId());
                p.setString(7, e.call() ? "call" : "cast");
                p.setString(8, JournalStatus.RECEIVED.dbValue());
                p.setLong(9, e.receivedAtMillis());
                p.setBytes(10, e.body());
                return p.executeUpdate() == 1;
            }
        }, onCommit);
    }

    /** Runs {@code then} on the writer thread once everything queued before it is committed. */
    public void afterPendingWrites(Runnable then) {
        writer.submit(c -> null, (v, e) -> then.run());
    }

    public CompletableFuture<Void> markRunning(String uniqueId) {
        return update(uniqueId, JournalStatus.RUNNING, null, false);
    }

    /** Records the outcome and drops the body: a finished message is never replayed. */
    public CompletableFuture<Void> markFinished(String uniqueId, JournalStatus status, String error) {
        return update(uniqueId, status, error, true);
    }

    private CompletableFuture<Void> update(String uniqueId, JournalStatus status, String error, boolean finished) {
        long now = System.currentTimeMillis();
        return writer.submit(c -> {
            String sql = finished
                    ? "UPDATE journal SET status = ?, error = ?, finished_at = ?, body = NULL WHERE unique_id = ?"
                    : "UPDATE journal SET status = ?, error = ? WHERE unique_id = ? AND status = 'received'";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, status.dbValue());
                p.setString(2, error);
                if (finished) {
                    p.setLong(3, now);
                    p.setString(4, uniqueId);
                } else {
                    p.setString(3, uniqueId);
                }
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<JournalEntry> find(String uniqueId) {
        List<JournalEntry> found = query("SELECT * FROM journal WHERE unique_id = ?", uniqueId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Messages accepted but never started, oldest first: what a restart must run. */
    public List<JournalEntry> pendingReplays() {
        return query("SELECT * FROM journal WHERE status = 'received' ORDER BY seq");
    }

    /** Marks what was running when the worker died as interrupted and returns it. */
    public List<JournalEntry> takeInterrupted() {
        List<JournalEntry> running = query("SELECT * FROM journal WHERE status = 'running' ORDER BY seq");
        db.transaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE journal SET status = 'interrupted', body = NULL WHERE status = 'running'");
            }
            return null;
        });
        return running;
    }

    /** Deletes finished entries older than the retention. */
    public int prune(Duration retention) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM journal WHERE received_at < ? AND status NOT IN ('received', 'running')")) {
                p.setLong(1, cutoff);
                return p.executeUpdate();
            }
        });
    }

    public List<JournalEntry> recent(int limit) {
        return query("SELECT * FROM journal ORDER BY seq DESC LIMIT " + Math.max(1, limit));
    }

    private List<JournalEntry> query(String sql, Object... params) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    p.setObject(i + 1, params[i]);
                }
                List<JournalEntry> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    private static JournalEntry map(ResultSet rs) throws SQLException {
        return new JournalEntry(rs.getString("unique_id"), rs.getLong("seq"), rs.getString("method"),
                rs.getString("namespace"), rs.getString("instance_uuid"), rs.getString("request_id"),
                "call".equals(rs.getString("kind")), JournalStatus.fromDb(rs.getString("status")),
                rs.getLong("received_at"), rs.getString("error"), rs.getBytes("body"));
    }
}
