package org.computeworker.worker.virt.fake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.StateException;
import org.computeworker.worker.virt.PowerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake hypervisor's guests, in memory and in the worker's state database (table
 * {@code fake_guests}), so they outlive a worker restart as real guests outlive a nova-compute
 * restart.
 *
 * <p>A change is written behind, through the worker's group-commit writer, without waiting: the
 * writer commits in submission order, so the guest's new state is durable no later than the
 * instance state the operation saves (and waits for) after the driver call. A crash between the
 * two can lose the guest's change only together with the operation's own, which recovery redoes.
 */
final class FakeGuests {
    private static final Logger LOG = LoggerFactory.getLogger(FakeGuests.class);

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
    private final GroupCommitWriter writer;

    /**
     * Guests kept in {@code db}; those an older worker kept in its own file ({@code legacyFile},
     * fake-guests.sqlite) are taken over once and the file renamed.
     */
    FakeGuests(Database db, GroupCommitWriter writer, Path legacyFile) {
        this.writer = writer;
        importLegacyFile(db, legacyFile);
        db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uuid, state, vcpus, memory_mb, root_gb, ephemeral_gb, kept "
                         + "FROM fake_guests ORDER BY rowid")) {
                for (Guest g : read(rs)) {
                    track(guests.put(g.uuid(), g), g);
                }
            }
            return null;
        });
    }

    private static List<Guest> read(ResultSet rs) throws SQLException {
        List<Guest> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new Guest(rs.getString(1), PowerState.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                    rs.getInt(5), rs.getInt(6), rs.getInt(7) != 0));
        }
        return out;
    }

    private static void importLegacyFile(Database db, Path legacyFile) {
        if (legacyFile == null || !Files.isRegularFile(legacyFile)) {
            return;
        }
        List<Guest> old;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacyFile);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT uuid, state, vcpus, memory_mb, root_gb, ephemeral_gb, kept "
                     + "FROM guests")) {
            old = read(rs);
        } catch (SQLException e) {
            throw new StateException("cannot read the fake driver's guests from " + legacyFile + ": " + e.getMessage(), e);
        }
        db.transaction(c -> {
            for (Guest g : old) {
                upsert(c, g, "INSERT OR IGNORE");
            }
            return null;
        });
        try {
            Files.move(legacyFile, legacyFile.resolveSibling(legacyFile.getFileName() + ".imported"));
            Files.deleteIfExists(legacyFile.resolveSibling(legacyFile.getFileName() + "-wal"));
            Files.deleteIfExists(legacyFile.resolveSibling(legacyFile.getFileName() + "-shm"));
        } catch (java.io.IOException e) {
            throw new StateException("cannot set aside " + legacyFile + " after importing it: " + e.getMessage(), e);
        }
        LOG.info("took over {} fake guests from {}", old.size(), legacyFile);
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
        // submitted under the lock: the writer sees one guest's changes in the order they happened
        writer.submit(c -> {
            upsert(c, g, "INSERT OR REPLACE");
            return null;
        }, (ignored, error) -> logFailure("record", g.uuid(), error));
    }

    private static void upsert(Connection c, Guest g, String verb) throws SQLException {
        PreparedStatement p = Database.cached(c, verb + " INTO fake_guests(uuid, state, vcpus, memory_mb, root_gb, "
                + "ephemeral_gb, kept) VALUES (?,?,?,?,?,?,?)");
        p.setString(1, g.uuid());
        p.setString(2, g.state().name());
        p.setInt(3, g.vcpus());
        p.setInt(4, g.memoryMb());
        p.setInt(5, g.rootGb());
        p.setInt(6, g.ephemeralGb());
        p.setInt(7, g.kept() ? 1 : 0);
        p.executeUpdate();
    }

    synchronized void remove(String uuid) {
        Guest removed = guests.remove(uuid);
        track(removed, null);
        if (removed != null) {
            writer.submit(c -> {
                PreparedStatement p = Database.cached(c, "DELETE FROM fake_guests WHERE uuid = ?");
                p.setString(1, uuid);
                p.executeUpdate();
                return null;
            }, (ignored, error) -> logFailure("remove", uuid, error));
        }
    }

    private static void logFailure(String what, String uuid, Throwable error) {
        if (error != null) {
            LOG.error("could not {} fake guest {}: {}", what, uuid, error.getMessage());
        }
    }

    synchronized int count() {
        return guests.size();
    }

    synchronized int[] used() {
        return used.clone();
    }
}
