package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Instance actions and their events (nova's instance_actions / instance_actions_events): one
 * action per request, one event per compute method that ran for it, with its result.
 */
public final class ActionStore {
    private final Database db;
    private final GroupCommitWriter writer;

    public record Event(String instanceUuid, String action, String requestId, String event, String host,
                        long startMillis, Long finishMillis, String result, String traceback) {
    }

    private final java.util.concurrent.atomic.AtomicLong nextActionId;
    private final java.util.concurrent.atomic.AtomicLong nextEventId;
    private static final int REMEMBERED_ACTIONS = 10_000;
    /**
     * Action ids by instance, request and action name, for the events of the requests this host saw last (loaded
     * back at start: a request whose steps straddle a restart keeps one action).
     */
    private final java.util.Map<String, Long> actionIds = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_ACTIONS;
        }
    };

    public ActionStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
        this.nextActionId = new java.util.concurrent.atomic.AtomicLong(maxId("actions"));
        this.nextEventId = new java.util.concurrent.atomic.AtomicLong(maxId("action_events"));
        loadRecentActions();
    }

    private void loadRecentActions() {
        db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, instance_uuid, request_id, action FROM actions ORDER BY id DESC LIMIT ?")) {
                p.setInt(1, REMEMBERED_ACTIONS);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2) + '|' + rs.getString(3) + '|'
                                + rs.getString(4)});
                    }
                }
                for (int i = rows.size() - 1; i >= 0; i--) { // oldest first: the newest are kept longest
                    actionIds.put((String) rows.get(i)[1], (Long) rows.get(i)[0]);
                }
                return null;
            }
        });
    }

    private long maxId(String table) {
        return db.read(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Starts an event under the request's action (created if this host has not seen it); returns its
     * id. Written behind: an event is a record of what happened, nothing waits for it to be durable.
     */
    public long startEvent(String instanceUuid, String action, String requestId, String userId, String projectId,
                           String event, String host) {
        long now = System.currentTimeMillis();
        String actionKey = instanceUuid + '|' + requestId + '|' + action;
        Long known;
        synchronized (actionIds) {
            known = actionIds.get(actionKey);
        }
        boolean newAction = known == null;
        long actionId = newAction ? nextActionId.incrementAndGet() : known;
        if (newAction) {
            synchronized (actionIds) {
                actionIds.put(actionKey, actionId);
            }
        }
        long eventId = nextEventId.incrementAndGet();
        writer.submit(c -> {
            if (newAction) {
                PreparedStatement p = Database.cached(c, "INSERT INTO actions(id, instance_uuid, action, request_id, "
                        + "user_id, project_id, start_time) VALUES (?,?,?,?,?,?,?)");
                p.setLong(1, actionId);
                p.setString(2, instanceUuid);
                p.setString(3, action);
                p.setString(4, requestId);
                p.setString(5, userId);
                p.setString(6, projectId);
                p.setLong(7, now);
                p.executeUpdate();
            }
            PreparedStatement p = Database.cached(c,
                    "INSERT INTO action_events(id, action_id, event, host, start_time) VALUES (?,?,?,?,?)");
            p.setLong(1, eventId);
            p.setLong(2, actionId);
            p.setString(3, event);
            p.setString(4, host);
            p.setLong(5, now);
            p.executeUpdate();
            return null;
        });
        return eventId;
    }

    /** Finishes an event: result "Success" or "Error" (nova's words), with the traceback on error. */
    public void finishEvent(long eventId, String result, String traceback) {
        long now = System.currentTimeMillis();
        writer.submit(c -> {
            PreparedStatement p = Database.cached(c,
                    "UPDATE action_events SET finish_time = ?, result = ?, traceback = ? WHERE id = ?");
            p.setLong(1, now);
            p.setString(2, result);
            p.setString(3, traceback);
            p.setLong(4, eventId);
            p.executeUpdate();
            return null;
        });
    }

    /** Reads see writes still queued: queued writes are committed first. */
    private void awaitQueuedWrites() {
        InstanceStore.join(writer.submit(c -> null));
    }

    public List<Event> eventsFor(String instanceUuid) {
        awaitQueuedWrites();
        return db.read(c -> {
            List<Event> out = new ArrayList<>();
            { PreparedStatement p = Database.cached(c, "SELECT a.instance_uuid, a.action, a.request_id, e.event, "
                    + "e.host, e.start_time, e.finish_time, e.result, e.traceback FROM action_events e "
                    + "JOIN actions a ON a.id = e.action_id WHERE a.instance_uuid = ? ORDER BY e.id");
                p.setString(1, instanceUuid);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long finish = rs.getLong(7);
                        out.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.wasNull() ? null : finish, rs.getString(8),
                                rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }
}
