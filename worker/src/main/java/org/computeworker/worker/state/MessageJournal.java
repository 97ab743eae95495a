package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal of RPC messages, by oslo's {@code _unique_id}. A message is recorded when it arrives
 * and acknowledged to the broker only once it is recorded as running; so after a crash a message
 * that never started is redelivered by the broker (and recognised here as not yet run), a
 * redelivery of one that started is a duplicate and dropped, and what was running is handed to
 * reconciliation. Duplicates are recognised among the last {@code dedupe_window} messages.
 */
public final class MessageJournal {
    /** What {@link #check} found. */
    public enum Admission {
        /** First delivery. */
        NEW,
        /** Delivered before but never started (a crash or a closed channel in between): run it. */
        NOT_YET_RUN,
        /** Already running, run or refused: drop this copy. */
        DUPLICATE
    }

    private static final String MARK_RUNNING_ROW = "UPDATE journal SET status = 'running' WHERE seq = ? "
            + "AND status = 'received'";
    private static final String FINISH = "UPDATE journal SET status = ?, error = ?, finished_at = ? WHERE seq = ?";

    private final Database db;
    private final GroupCommitWriter writer;
    private final AtomicLong seq;
    private final RecentMessages recent;
    private final JournalRows rows;

    public MessageJournal(Database db, GroupCommitWriter writer, int dedupeWindow) {
        this.db = db;
        this.writer = writer;
        this.recent = new RecentMessages(dedupeWindow);
        this.rows = new JournalRows(writer);
        this.seq = new AtomicLong(db.read(c -> {
            long max = 0;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq, unique_id, status FROM journal ORDER BY seq DESC LIMIT ?")) {
                p.setInt(1, dedupeWindow);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
                        max = Math.max(max, rs.getLong(1));
                    }
                }
                for (int i = rows.size() - 1; i >= 0; i--) { // oldest first, so the newest are kept longest
                    Object[] r = rows.get(i);
                    recent.put((String) r[1], (Long) r[0], JournalStatus.fromDb((String) r[2]));
                }
            }
            return max;
        }));
    }

    /** What this worker knows of a message id, without touching the database. */
    public Admission check(String uniqueId) {
        RecentMessages.Entry e = recent.get(uniqueId);
        if (e == null) {
            return Admission.NEW;
        }
        return e.status().settled() ? Admission.DUPLICATE : Admission.NOT_YET_RUN;
    }

    /** Records a new message as received; {@code onCommit} runs on the writer thread once it is durable. */
    public void record(JournalEntry e, java.util.function.Consumer<Throwable> onCommit) {
        long n = seq.incrementAndGet();
        recent.put(e.uniqueId(), n, JournalStatus.RECEIVED);
        rows.add(n, e, onCommit);
    }

    /**
     * Records the start; the future completes once that is durable (then the message may be acknowledged). A
     * message that already has its outcome (an expired call) keeps it.
     */
    public java.util.concurrent.CompletableFuture<Void> markRunning(String uniqueId) {
        long row = recent.update(uniqueId, JournalStatus.RUNNING);
        var live = rows.started(uniqueId);
        return live != null ? live : markRunningRow(row);
    }

    /** Records the outcome. */
    public void markFinished(String uniqueId, JournalStatus status, String error) {
        long row = recent.update(uniqueId, status);
        long now = System.currentTimeMillis();
        if (!rows.finished(uniqueId, status, error, now)) {
            writer.submit(c -> {
                PreparedStatement p = Database.cached(c, FINISH);
                p.setString(1, status.dbValue());
                p.setString(2, error);
                p.setLong(3, now);
                p.setLong(4, row);
                p.executeUpdate();
                return null;
            });
        }
    }

    /** A message journaled by an earlier run of the worker (redelivered, never started): its row by seq. */
    private java.util.concurrent.CompletableFuture<Void> markRunningRow(long row) {
        return writer.submit(c -> {
            PreparedStatement p = Database.cached(c, MARK_RUNNING_ROW);
            p.setLong(1, row);
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
        return (int) unfinished().stream().filter(e -> e.status() == JournalStatus.RECEIVED).count();
    }

    /** Entries not finished; the query matches the partial index's condition so it is used. */
    private List<JournalEntry> unfinished() {
        return query("SELECT * FROM journal WHERE status IN ('received', 'running') ORDER BY seq");
    }

    /** Marks what was running when the worker died as interrupted and returns it. */
    public List<JournalEntry> takeInterrupted() {
        List<JournalEntry> running = unfinished().stream().filter(e -> e.status() == JournalStatus.RUNNING).toList();
        db.transaction(c -> {
            try (var p = c.prepareStatement("UPDATE journal SET status = 'interrupted' WHERE unique_id = ?")) {
                for (JournalEntry e : running) {
                    p.setString(1, e.uniqueId());
                    p.executeUpdate();
                }
            }
            return null;
        });
        return running;
    }

    /**
     * Deletes finished entries older than the retention (never those that may still be redelivered).
     * Rows are in arrival order, so the old ones are a prefix of the table: no index is needed.
     */
    public int prune(Duration retention) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        return db.transaction(c -> {
            long firstKept;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq FROM journal WHERE received_at >= ? ORDER BY seq LIMIT 1")) {
                p.setLong(1, cutoff);
                try (ResultSet rs = p.executeQuery()) {
                    firstKept = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM journal WHERE seq < ? AND status NOT IN ('received', 'running')")) {
                p.setLong(1, firstKept);
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
