package org.computeworker.worker.virt.fake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.computeworker.worker.state.StateException;
import org.computeworker.worker.virt.PowerState;

/**
 * The fake hypervisor's guests, in memory and in a small SQLite file (one row written per change)
 * so they outlive a worker restart as real guests outlive a nova-compute restart.
 */
final class FakeGuests implements AutoCloseable {
    record Guest(String uuid, PowerState state, int vcpus, int memoryMb, int rootGb, int ephemeralGb, boolean kept) {
        Guest withState(PowerState s) {
            return new Guest(uuid, s, vcpus, memoryMb, rootGb, ephemeralGb, kept);
        }

        Guest kept(boolean k) {
            return new Guest(uuid, state, vcpus, memoryMb, rootGb, ephemeralGb, k);
        }
    }

    private final Map<String, Guest> guests = new LinkedHashMap<>();
    private final int[] used = new int[3]; // vcpus, memory MiB, disk GiB of all guests
    private final Connection db;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;

    /** {@code file} null keeps the guests in memory only. */
    FakeGuests(java.nio.file.Path file) {
        try {
            if (file == null) {
                db = null;
                upsert = null;
                delete = null;
                return;
            }
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS guests (uuid TEXT PRIMARY KEY, state TEXT, vcpus INTEGER, "
                        + "memory_mb INTEGER, root_gb INTEGER, ephemeral_gb INTEGER, kept INTEGER)");
                try (ResultSet rs = s.executeQuery("SELECT * FROM guests")) {
                    while (rs.next()) {
                        Guest g = new Guest(rs.getString(1), PowerState.valueOf(rs.getString(2)), rs.getInt(3),
                                rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7) != 0);
                        track(guests.put(g.uuid(), g), g);
                    }
                }
            }
            upsert = db.prepareStatement("INSERT OR REPLACE INTO guests VALUES (?,?,?,?,?,?,?)");
            delete = db.prepareStatement("DELETE FROM guests WHERE uuid = ?");
        } catch (SQLException | java.io.IOException e) {
            throw new StateException("cannot open the fake driver's guests in " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized Optional<Guest> get(String uuid) {
        return Optional.ofNullable(guests.get(uuid));
    }

    private void track(Guest removed, Guest added) {
        for (Guest g : new Guest[] {removed, added}) {
            if (g != null) {
                int sign = g == removed ? -1 : 1;
                used[0] += sign * g.vcpus();
                used[1] += sign * g.memoryMb();
                used[2] += sign * (g.rootGb() + g.ephemeralGb());
            }
        }
    }

    synchronized void put(Guest g) {
        track(guests.put(g.uuid(), g), g);
        if (db != null) {
            try {
                upsert.setString(1, g.uuid());
                upsert.setString(2, g.state().name());
                upsert.setInt(3, g.vcpus());
                upsert.setInt(4, g.memoryMb());
                upsert.setInt(5, g.rootGb());
                upsert.setInt(6, g.ephemeralGb());
                upsert.setInt(7, g.kept() ? 1 : 0);
                upsert.executeUpdate();
            } catch (SQLException e) {
                throw new StateException("cannot record fake guest " + g.uuid() + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized void remove(String uuid) {
        Guest removed = guests.remove(uuid);
        track(removed, null);
        if (removed != null && db != null) {
            try {
                delete.setString(1, uuid);
                delete.executeUpdate();
            } catch (SQLException e) {
                throw new StateException("cannot remove fake guest " + uuid + ": " + e.getMessage(), e);
            }
        }
    }

    synchronized int count() {
        return guests.size();
    }

    synchronized int[] used() {
        return used.clone();
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                // closing at shutdown: nothing left to protect
            }
        }
    }
}
