package org.computeworker.worker.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Resources held on this host per instance and purpose: the resource tracker's ledger. */
public final class ClaimStore {
    private final Database db;

    public record Claim(String instanceUuid, String purpose, String migrationUuid, String node, int vcpus, int memoryMb,
                        int diskGb) {
    }

    public ClaimStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    public List<Claim> all() {
        return query("SELECT * FROM claims ORDER BY created_at", null);
    }

    public List<Claim> forInstance(String uuid) {
        return query("SELECT * FROM claims WHERE instance_uuid = ? ORDER BY created_at", uuid);
    }

    /** Inserts or replaces within the caller's transaction (the tracker checks capacity first). */
    public static void put(java.sql.Connection c, Claim claim) throws java.sql.SQLException {
        { PreparedStatement p = Database.cached(c, "INSERT OR REPLACE INTO claims(instance_uuid, purpose, "
                + "migration_uuid, node, vcpus, memory_mb, disk_gb, created_at) VALUES (?,?,?,?,?,?,?,?)");
            p.setString(1, claim.instanceUuid());
            p.setString(2, claim.purpose());
            p.setString(3, claim.migrationUuid() == null ? "" : claim.migrationUuid());
            p.setString(4, claim.node());
            p.setInt(5, claim.vcpus());
            p.setInt(6, claim.memoryMb());
            p.setInt(7, claim.diskGb());
            p.setLong(8, System.currentTimeMillis());
            p.executeUpdate();
        }
    }

    public static int remove(java.sql.Connection c, String instanceUuid, String purpose, String migrationUuid)
            throws java.sql.SQLException {
        { PreparedStatement p = Database.cached(c,
                "DELETE FROM claims WHERE instance_uuid = ? AND purpose = ? AND migration_uuid = ?");
            p.setString(1, instanceUuid);
            p.setString(2, purpose);
            p.setString(3, migrationUuid == null ? "" : migrationUuid);
            return p.executeUpdate();
        }
    }

    public static List<Claim> allIn(java.sql.Connection c) throws java.sql.SQLException {
        List<Claim> out = new ArrayList<>();
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM claims")) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    private List<Claim> query(String sql, String param) {
        return db.read(c -> {
            List<Claim> out = new ArrayList<>();
            { PreparedStatement p = Database.cached(c, sql);
                if (param != null) {
                    p.setString(1, param);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
            }
            return out;
        });
    }

    private static Claim map(ResultSet rs) throws java.sql.SQLException {
        String mig = rs.getString("migration_uuid");
        return new Claim(rs.getString("instance_uuid"), rs.getString("purpose"), mig.isEmpty() ? null : mig,
                rs.getString("node"), rs.getInt("vcpus"), rs.getInt("memory_mb"), rs.getInt("disk_gb"));
    }
}
