package io.recolab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session-level advisory locks, held on one pooled connection for the job's duration: if the node
 * dies, PostgreSQL ends its session and releases the lock, so a crash never leaves a job locked.
 * Advisory locks are per database, not per schema, so the key hashes the schema with the name:
 * deployments (and test runs) in other schemas of the same database never wait on each other.
 */
final class PostgresJobLock implements JobLock {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresJobLock.class);
    private static final String KEY = "hashtextextended(current_schema() || '/' || ?, 0)";

    private final Database database;
    private final Duration wait;

    PostgresJobLock(Database database, Duration wait) {
        this.database = database;
        this.wait = wait;
    }

    @Override
    public <T> T runExclusively(String name, Supplier<T> job) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(" + KEY + ")")) {
                ps.setString(1, name);
                ps.setQueryTimeout((int) Math.max(1, wait.toSeconds()));
                ps.execute();
            } catch (SQLException e) {
                throw new StoreException("cannot take the cluster lock '" + name + "' within " + wait.toSeconds()
                        + " s (another node holds it?): " + e.getMessage(), e);
            }
            try {
                return job.get();
            } finally {
                unlock(c, name);
            }
        } catch (SQLException e) {
            throw new StoreException("cluster lock '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean tryRun(String name, Runnable job) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
            try {
                job.run();
                return true;
            } finally {
                unlock(c, name);
            }
        } catch (SQLException e) {
            throw new StoreException("cluster lock '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * A session lock outlives the borrow: the connection goes back to the pool still holding it
     * unless unlocked. If unlocking fails, the connection is aborted so its session (and lock) ends.
     */
    private static void unlock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(" + KEY + ")")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            LOG.warn("cluster lock '{}' was not held at unlock; dropping the connection", name);
            c.abort(Runnable::run);
        } catch (SQLException e) {
            LOG.warn("cannot release cluster lock '{}' ({}); dropping the connection", name, e.getMessage());
            c.abort(Runnable::run);
        }
    }
}
