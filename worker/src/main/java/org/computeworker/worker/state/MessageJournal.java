package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The journal of RPC messages, keyed by oslo's {@code _unique_id}. A message is recorded when it
 * arrives and acknowledged to the broker only once it is recorded as running; so after a crash a
 * message that never started is redelivered by the broker (and recognised here as not yet run),
 * a redelivery of one that started is a duplicate and dropped, and what was running is handed to
 * reconciliation.
 */
public final class MessageJournal {
    /** What {@link #admit} found. */
    public enum Admission {
        /** First delivery. */
        NEW,
        /** Delivered before but never started (a crash or a closed channel in between): run it. */
        NOT_YET_RUN,
        /** Already running, run or refused: drop this copy. */
        DUPLICATE
    }

    private static final String INSERT = "INSERT OR IGNORE INTO journal(unique_id, seq, method, namespace, "
            + "instance_uuid, request_id, kind, status, received_at) VALUES (?,?,?,?,?,?,?,?,?)";
    private static final String STATUS = "SELECT status FROM journal WHERE unique_id = ?";
    private static final String MARK_RUNNING = "UPDATE journal SET status = 'running' WHERE unique_id = ?";
    private static final String FINISH = "UPDATE journal SET status = ?, error = ?, finished_at = ? WHERE unique_id = ?";

    private final Database db;
    private final GroupCommitWriter writer;
    private final StatementCache statements = new StatementCache();
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

    /** Records a message as received; {@code onCommit} gets what was found, on the writer thread. */
    public void admit(JournalEntry e, BiConsumer<Admission, Throwable> onCommit) {
        long n = seq.incrementAndGet();
        writer.submit(c -> {
            PreparedStatement p = statements.get(c, INSERT);
            p.setString(1, e.uniqueId());
            p.setLong(2, n);
            p.setString(3, e.method());
            p.setString(4, e.namespace());
            p.setString(5, e.instanceUuid());
            p.setString(6, e.requestId());
            p.setString(7, e.call() ? "call" : "cast");
            p.setString(8, JournalStatus.RECEIVED.dbValue());
            p.setLong(9, e.receivedAtMillis());
            if (p.executeUpdate() == 1) {
                return Admission.NEW;
            }
            PreparedStatement q = statements.get(c, STATUS);
            q.setString(1, e.uniqueId());
            try (ResultSet rs = q.executeQuery()) {
                boolean settled = !rs.next() || JournalStatus.fromDb(rs.getString(1)).settled();
                return settled ? Admission.DUPLICATE : Admission.NOT_YET_RUN;
            }
        }, onCommit);
    }

    /** Records the start; {@code onCommit} (e.g. the acknowledgement) runs once that is durable. */
    public void markRunning(String uniqueId, Runnable onCommit) {
        writer.submit(c -> {
            PreparedStatement p = statements.get(c, MARK_RUNNING);
            p.setString(1, uniqueId);
            p.executeUpdate();
            return null;
        }, (v, error) -> onCommit.run());
    }

    /** Records the outcome. */
    public void markFinished(String uniqueId, JournalStatus status, String error) {
        long now = System.currentTimeMillis();
        writer.submit(c -> {
            PreparedStatement p = statements.get(c, FINISH);
            p.setString(1, status.dbValue());
            p.setString(2, error);
            p.setLong(3, now);
            p.setString(4, uniqueId);
            p.executeUpdate();
            return null;
        });
    }

    public Optional<JournalEntry> find(String uniqueId) {
        List<JournalEntry> found = query("SELECT * FROM journal WHERE unique_id = ?", uniqueId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Messages recorded but never started: the broker still holds them. */
    public int countNotStarted() {
        return query("SELECT * FROM journal WHERE status = 'received'").size();
    }

    /** Marks what was running when the worker died as interrupted and returns it. */
    public List<JournalEntry> takeInterrupted() {
        List<JournalEntry> running = query("SELECT * FROM journal WHERE status = 'running' ORDER BY seq");
        db.transaction(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("UPDATE journal SET status = 'interrupted' WHERE status = 'running'");
            }
            return null;
        });
        return running;
    }

    /** Deletes finished entries older than the retention (never those that may still be redelivered). */
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
                rs.getLong("received_at"), rs.getString("error"));
    }
}
