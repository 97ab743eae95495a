package org.computeworker.worker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's SQLite file under state_path: one connection, serialised by a lock (SQLite has a
 * single writer anyway), WAL journal so a kill -9 loses nothing that was committed.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final String FILE_NAME = "compute-worker.sqlite";

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the database and applies pending schema migrations.
     * {@code syncFull} makes every commit survive power loss too, at the cost of an fsync.
     */
    public static Database open(Path statePath, boolean syncFull) {
        try {
            Files.createDirectories(statePath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state_path " + statePath + ": " + e.getMessage(), e);
        }
        Path file = statePath.resolve(FILE_NAME);
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            // Otherwise every INSERT/UPDATE is followed by a "SELECT last_insert_rowid()" nobody reads.
            config.setGetGeneratedKeys(false);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (syncFull ? "FULL" : "NORMAL"));
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            Database db = new Database(file, c);
            int applied = SchemaMigrations.apply(c);
            LOG.info("state database {} at schema version {}", file, applied);
            return db;
        } catch (SQLException e) {
            throw new StateException("cannot open state database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Work with the connection while holding the lock, outside any transaction. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StateException("state database read failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none. */
    public <T> T transaction(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StateException("state database write failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private static final java.util.Map<Connection, StatementCache> CACHES = new java.util.WeakHashMap<>();

    /**
     * The connection's prepared statement for {@code sql}, compiled once and kept (do not close it).
     * Callers hold the database lock, as every store does inside read/transaction/group commit.
     */
    public static java.sql.PreparedStatement cached(Connection c, String sql) throws SQLException {
        StatementCache cache;
        synchronized (CACHES) {
            cache = CACHES.computeIfAbsent(c, k -> new StatementCache());
        }
        return cache.get(c, sql);
    }

    /** A unit of SQL work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
