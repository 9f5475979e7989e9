package io.recolab.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Work that must not run on two nodes at once although every node sharing the store runs it.
 * Today that is the start-up seeding (bootstrap admin key, experiment files, the demo's start):
 * two nodes starting together would otherwise both find "no admin key" and both insert it, and
 * one of them would fail to start on the unique key.
 *
 * <p>What runs per node on purpose, and takes no lock: model training (each node serves from its
 * own in-memory models), the definition poll, the event writer (group commit per node; the
 * primary key makes a batch retried on another node a no-op) and the rollups (updated inside each
 * event transaction, not by a background job). Flyway locks the migrations itself.
 */
public interface JobLock {
    /** How long a node waits for a lock another node holds before giving up. */
    Duration WAIT = Duration.ofSeconds(60);

    /** Runs the job holding the named lock, waiting (up to {@link #WAIT}) while another node holds it. */
    <T> T runExclusively(String name, Supplier<T> job);

    /** Runs the job only if no other node holds the named lock now; false means it was skipped. */
    boolean tryRun(String name, Runnable job);

    /** PostgreSQL: advisory locks; H2: locks inside this JVM (only one process can open an H2 file). */
    static JobLock of(Database database) {
        if (database.dialect() == Dialect.POSTGRESQL) {
            return new PostgresJobLock(database, WAIT);
        }
        try (Connection c = database.connection()) {
            return new LocalJobLock(c.getMetaData().getURL());
        } catch (SQLException e) {
            throw new StoreException("cannot read the database URL: " + e.getMessage(), e);
        }
    }
}
