package org.computeworker.worker.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema changes, applied in order at start: {@code db/migrations/V<n>__<name>.sql}
 * resources, each in its own transaction, the reached version kept in {@code schema_version}.
 */
final class SchemaMigrations {
    /** Append new migrations here; never edit one that has shipped. */
    static final List<String> MIGRATIONS = List.of(
            "V1__journal.sql",
            "V2__compute_state.sql",
            "V3__fake_guests.sql",
            "V4__record_objects.sql");

    private SchemaMigrations() {
    }

    static int apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current = currentVersion(c);
        if (current > MIGRATIONS.size()) {
            throw new StateException("the state database is at schema version " + current
                    + ", newer than this worker knows (" + MIGRATIONS.size() + "): refusing to downgrade it");
        }
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            String script = load(MIGRATIONS.get(v - 1));
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : withoutComments(script).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("DELETE FROM schema_version");
                s.execute("INSERT INTO schema_version(version) VALUES (" + v + ")");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new StateException("schema migration " + MIGRATIONS.get(v - 1) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
        return MIGRATIONS.size();
    }

    private static String withoutComments(String script) {
        StringBuilder out = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            out.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        return out.toString();
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String name) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/migrations/" + name)) {
            if (in == null) {
                throw new StateException("schema migration " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StateException("cannot read schema migration " + name, e);
        }
    }
}
