package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Instance faults (nova's instance_faults): what went wrong, with code and details. */
public final class FaultStore {
    private final Database db;
    private final GroupCommitWriter writer;

    public record Fault(String instanceUuid, int code, String message, String details, String host, long createdAtMillis) {
    }

    public FaultStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    public void add(Fault f) {
        InstanceStore.join(writer.submit(c -> {
            { PreparedStatement p = Database.cached(c,
                    "INSERT INTO faults(instance_uuid, code, message, details, host, created_at) VALUES (?,?,?,?,?,?)");
                p.setString(1, f.instanceUuid());
                p.setInt(2, f.code());
                p.setString(3, f.message());
                p.setString(4, f.details());
                p.setString(5, f.host());
                p.setLong(6, f.createdAtMillis());
                p.executeUpdate();
            }
            return null;
        }));
    }

    /** Faults of an instance, newest first. */
    public List<Fault> forInstance(String uuid) {
        return db.read(c -> {
            List<Fault> out = new ArrayList<>();
            { PreparedStatement p = Database.cached(c,
                    "SELECT * FROM faults WHERE instance_uuid = ? ORDER BY id DESC");
                p.setString(1, uuid);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Fault(rs.getString("instance_uuid"), rs.getInt("code"), rs.getString("message"),
                                rs.getString("details"), rs.getString("host"), rs.getLong("created_at")));
                    }
                }
            }
            return out;
        });
    }
}
