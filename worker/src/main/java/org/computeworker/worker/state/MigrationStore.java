package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.NovaTime;

/** The migrations this host took part in, as full nova objects, keyed by uuid. */
public final class MigrationStore {
    private final Database db;
    private final GroupCommitWriter writer;

    public MigrationStore(Database db, GroupCommitWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    /** The key a migration is stored under: its uuid, else (older callers) its id. */
    public static String key(Migration m) {
        return m.uuid() != null ? m.uuid() : "id-" + m.id();
    }

    public Optional<Migration> find(String key) {
        List<Migration> found = query("SELECT primitive FROM migrations WHERE uuid = ?", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The compute methods this host completed for the migration (its own history, not on the wire). */
    public java.util.Set<String> steps(String key) {
        return db.read(c -> {
            { PreparedStatement p = Database.cached(c, "SELECT steps FROM migrations WHERE uuid = ?");
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    java.util.Set<String> out = new java.util.LinkedHashSet<>();
                    if (rs.next()) {
                        for (String s : rs.getString(1).split(",")) {
                            if (!s.isEmpty()) {
                                out.add(s);
                            }
                        }
                    }
                    return out;
                }
            }
        });
    }

    /** Records that this host completed {@code step} for the migration. */
    public void addStep(String key, String step) {
        InstanceStore.join(writer.submit(c -> {
            { PreparedStatement p = Database.cached(c, "UPDATE migrations SET steps = CASE WHEN steps = '' THEN ? "
                    + "ELSE steps || ',' || ? END WHERE uuid = ?");
                p.setString(1, step);
                p.setString(2, step);
                p.setString(3, key);
                p.executeUpdate();
            }
            return null;
        }));
    }

    public List<Migration> all() {
        return db.read(c -> {
            List<Migration> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT primitive FROM migrations ORDER BY updated_at")) {
                while (rs.next()) {
                    out.add(Migration.from(Json.parse(rs.getString(1))));
                }
            }
            return out;
        });
    }

    public List<Migration> forInstance(String instanceUuid) {
        return query("SELECT primitive FROM migrations WHERE instance_uuid = ? ORDER BY updated_at", instanceUuid);
    }

    /** Saves the migration as it now stands (status and all). */
    public void save(Migration m) {
        m.setUpdatedAt(NovaTime.nowSeconds());
        m.resetChanges();
        String primitive = Json.write(m.toPrimitive());
        String key = key(m);
        InstanceStore.join(writer.submit(c -> {
            { PreparedStatement p = Database.cached(c, "INSERT INTO migrations(uuid, id, instance_uuid, migration_type, "
                    + "status, source_compute, dest_compute, source_node, dest_node, old_flavor_id, new_flavor_id, "
                    + "primitive, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uuid) DO UPDATE SET "
                    + "status = excluded.status, dest_compute = excluded.dest_compute, dest_node = excluded.dest_node, "
                    + "primitive = excluded.primitive, updated_at = excluded.updated_at");
                p.setString(1, key);
                p.setObject(2, m.id());
                p.setString(3, m.instanceUuid());
                p.setString(4, m.migrationType());
                p.setString(5, m.status());
                p.setString(6, m.sourceCompute());
                p.setString(7, m.destCompute());
                p.setString(8, m.sourceNode());
                p.setString(9, m.destNode());
                p.setObject(10, m.oldInstanceTypeId());
                p.setObject(11, m.newInstanceTypeId());
                p.setString(12, primitive);
                p.setLong(13, System.currentTimeMillis());
                p.executeUpdate();
            }
            return null;
        }));
    }

    private List<Migration> query(String sql, String param) {
        return db.read(c -> {
            List<Migration> out = new ArrayList<>();
            { PreparedStatement p = Database.cached(c, sql);
                p.setString(1, param);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(Migration.from(Json.parse(rs.getString(1))));
                    }
                }
            }
            return out;
        });
    }
}
