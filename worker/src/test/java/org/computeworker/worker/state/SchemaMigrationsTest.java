package org.computeworker.worker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state database's schema: migrations applied once, in order, and a newer file refused. */
class SchemaMigrationsTest {
    @TempDir
    Path state;

    private int version() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve(Database.FILE_NAME));
             var rs = c.createStatement().executeQuery("SELECT version FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aNewFileGetsEveryMigrationAndReopeningChangesNothing() throws Exception {
        Database.open(state, false).close();
        assertEquals(SchemaMigrations.MIGRATIONS.size(), version());
        try (Database db = Database.open(state, false)) {
            assertTrue(db.read(c -> c.createStatement().executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE name IN ('journal', 'instances', 'record_objects')")
                    .getInt(1)) == 3);
        }
        assertEquals(SchemaMigrations.MIGRATIONS.size(), version());
    }

    @Test
    void aFileFromANewerWorkerIsRefused() throws Exception {
        Database.open(state, false).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve(Database.FILE_NAME))) {
            c.createStatement().execute("UPDATE schema_version SET version = 99");
        }
        StateException refused = assertThrows(StateException.class, () -> Database.open(state, false));
        assertTrue(refused.getMessage().contains("newer than this worker knows"), refused.getMessage());
    }
}
