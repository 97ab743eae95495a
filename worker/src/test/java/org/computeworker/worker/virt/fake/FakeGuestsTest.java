package org.computeworker.worker.virt.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.virt.PowerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake hypervisor's guests outlive the worker, as real guests do, and an older worker's file is taken over. */
class FakeGuestsTest {
    @TempDir
    Path state;

    private static FakeGuests.Guest guest(String uuid, PowerState s) {
        return new FakeGuests.Guest(uuid, s, 2, 512, 10, 1, false);
    }

    @Test
    void guestsOutliveTheWorkerWithTheirLatestState() {
        Database db = Database.open(state, false);
        GroupCommitWriter writer = new GroupCommitWriter(db);
        FakeGuests guests = new FakeGuests(db, writer, state.resolve("fake-guests.sqlite"));
        guests.put(guest("a", PowerState.RUNNING));
        guests.put(guest("b", PowerState.RUNNING));
        guests.put(guest("c", PowerState.RUNNING));
        guests.put(guest("a", PowerState.SHUTDOWN));
        guests.remove("b");
        writer.close(); // commits what is queued, as the worker's stop does
        db.close();

        db = Database.open(state, false);
        writer = new GroupCommitWriter(db);
        try {
            FakeGuests again = new FakeGuests(db, writer, state.resolve("fake-guests.sqlite"));
            assertEquals(2, again.count());
            assertEquals(Optional.of(PowerState.SHUTDOWN), again.get("a").map(FakeGuests.Guest::state));
            assertFalse(again.get("b").isPresent());
            assertArrayEquals(new int[] {4, 1024, 22}, again.used());
        } finally {
            writer.close();
            db.close();
        }
    }

    @Test
    void anOlderWorkersGuestFileIsTakenOverOnce() throws Exception {
        Path legacy = state.resolve("fake-guests.sqlite");
        Files.createDirectories(state);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE guests (uuid TEXT PRIMARY KEY, state TEXT, vcpus INTEGER, memory_mb INTEGER, "
                    + "root_gb INTEGER, ephemeral_gb INTEGER, kept INTEGER)");
            s.execute("INSERT INTO guests VALUES ('old', 'RUNNING', 1, 256, 5, 0, 1)");
        }
        Database db = Database.open(state, false);
        GroupCommitWriter writer = new GroupCommitWriter(db);
        try {
            FakeGuests guests = new FakeGuests(db, writer, legacy);
            assertEquals(new FakeGuests.Guest("old", PowerState.RUNNING, 1, 256, 5, 0, true), guests.get("old").orElseThrow());
            assertFalse(Files.exists(legacy), "set aside");
            assertTrue(Files.exists(state.resolve("fake-guests.sqlite.imported")));
            assertEquals(1, new FakeGuests(db, writer, legacy).count(), "kept in the state database");
        } finally {
            writer.close();
            db.close();
        }
    }
}
