package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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

    public ActionStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    /** Starts an event under the request's action (created if this host has not seen it); returns its id. */
    public long startEvent(String instanceUuid, String action, String requestId, String userId, String projectId,
                           String event, String host) {
        long now = System.currentTimeMillis();
        return InstanceStore.join(writer.submit(c -> {
            long actionId;
            try (PreparedStatement find = c.prepareStatement(
                    "SELECT id FROM actions WHERE instance_uuid = ? AND request_id IS ? AND action = ?")) {
                find.setString(1, instanceUuid);
                find.setString(2, requestId);
                find.setString(3, action);
                try (ResultSet rs = find.executeQuery()) {
                    actionId = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (actionId < 0) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO actions(instance_uuid, action, request_id, "
                        + "user_id, project_id, start_time) VALUES (?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                    p.setString(1, instanceUuid);
                    p.setString(2, action);
                    p.setString(3, requestId);
                    p.setString(4, userId);
                    p.setString(5, projectId);
                    p.setLong(6, now);
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        keys.next();
                        actionId = keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO action_events(action_id, event, host, start_time) "
                    + "VALUES (?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, actionId);
                p.setString(2, event);
                p.setString(3, host);
                p.setLong(4, now);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }));
    }

    /** Finishes an event: result "Success" or "Error" (nova's words), with the traceback on error. */
    public void finishEvent(long eventId, String result, String traceback) {
        long now = System.currentTimeMillis();
        InstanceStore.join(writer.submit(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE action_events SET finish_time = ?, result = ?, traceback = ? WHERE id = ?")) {
                p.setLong(1, now);
                p.setString(2, result);
                p.setString(3, traceback);
                p.setLong(4, eventId);
                p.executeUpdate();
            }
            return null;
        }));
    }

    public List<Event> eventsFor(String instanceUuid) {
        return db.read(c -> {
            List<Event> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT a.instance_uuid, a.action, a.request_id, e.event, "
                    + "e.host, e.start_time, e.finish_time, e.result, e.traceback FROM action_events e "
                    + "JOIN actions a ON a.id = e.action_id WHERE a.instance_uuid = ? ORDER BY e.id")) {
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
