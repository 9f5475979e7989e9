package io.recolab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and the schema. H2 (an embedded file under the data directory) by default,
 * PostgreSQL when several nodes share one store; the same migrations run on both.
 */
public final class Database implements AutoCloseable {
    /** How long callers fail fast after the database could not be reached, before one probes again. */
    static final long OUTAGE_PROBE_MILLIS = 1_000;
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final Outage outage;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.outage = new Outage(this::reachable, OUTAGE_PROBE_MILLIS);
    }

    /** The default store: an H2 file database {@code recolab} inside the data directory. */
    /** Whether {@code dataDir} holds an embedded store (the file {@link #h2Url} opens, or creates when absent). */
    public static boolean h2Exists(Path dataDir) {
        return java.nio.file.Files.exists(dataDir.resolve("recolab.mv.db"));
    }

    public static String h2Url(Path dataDir) {
        // Every transaction is written to the file before it is acknowledged: Jdbc.inTransaction
        // ends each with persist(). That is what WRITE_DELAY=0 would do, but WRITE_DELAY=0 also
        // stops H2's background thread, the only place H2 2.x frees and compacts old chunks: with
        // it the file grew to 5 GB for 100 MB of rows in 40 s of 100-row commits, and to 22 GB in
        // a soak. The background thread (WRITE_DELAY > 0) and a short RETENTION_TIME (how long
        // H2 keeps freed chunks before reusing them; 45 s by default) kept the same load at
        // 400 MB. The shorter retention is safe against a killed process (the OS has every
        // write); against a power cut H2 never was (it does not fsync commits): PostgreSQL is the
        // store for that. The database closes when we close the pool, not in H2's own shutdown
        // hook, so that a graceful stop can drain pending writes first.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("recolab")
                + ";WRITE_DELAY=1000;RETENTION_TIME=2000;DB_CLOSE_ON_EXIT=FALSE";
    }

    public static Database open(String jdbcUrl, int maxPoolSize) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("recolab");
        // While the database is away a caller waits this long for a connection (then 503, and the
        // breaker makes the next callers fail at once); short, so no request hangs on it.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        // A failed first connection is reported by migrate() with the URL, not by Hikari's constructor.
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.H2) {
            config.setUsername("sa");
            config.setPassword("");
        } else {
            // A database host that vanishes without closing its sockets must not hang a commit (and
            // with it the event writer) forever; the URL may override both.
            config.addDataSourceProperty("connectTimeout", "5");
            config.addDataSourceProperty("socketTimeout", "300"); // longer than any statement we run
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource pool = new HikariDataSource(config);
        Database db = new Database(pool, dialect);
        long deadline = System.nanoTime() + FIRST_CONNECTION_WAIT_NANOS;
        while (true) {
            try {
                db.migrate();
                return db;
            } catch (RuntimeException e) {
                // A database that answers nothing at all within the pool's short timeout (an H2 file
                // opened on a starved machine) gets a few more tries; one that answers with an error
                // (refused, wrong password, file locked) fails at once.
                if (!(noAnswer(e) && System.nanoTime() < deadline)) {
                    db.close();
                    throw e;
                }
            }
        }
    }

    private static final long FIRST_CONNECTION_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(20);

    /** True when the pool timed out waiting for a first connection without any error from the database. */
    private static boolean noAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return t.getCause() == null;
            }
        }
        return false;
    }

    private void migrate() {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            String cause = rootMessage(e);
            // H2 is one process's file: "locked" almost always means a server is running on it.
            String hint = dialect == Dialect.H2 && cause.contains("locked")
                    ? " (another process has it open: stop the server using this data directory first, or use PostgreSQL,"
                    + " which serves many processes)" : "";
            throw new StoreException("cannot open the database at " + redacted(pool.getJdbcUrl()) + ": " + cause + hint, e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Makes a committed transaction durable before anyone is told it is: on H2 (see {@link #h2Url}),
     * {@code CHECKPOINT} writes the store now instead of within the write delay. PostgreSQL's commit
     * already is durable.
     */
    public void persist(Connection c) throws SQLException {
        if (dialect == Dialect.H2) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * A pooled connection; while the database is known to be unreachable this fails at once
     * (a {@link SQLTransientConnectionException}, which callers turn into 503) rather than after
     * the pool's timeout, and a probe now and then notices when it is back.
     */
    public Connection connection() throws SQLException {
        String reason = outage.reason();
        if (reason != null) {
            throw new SQLTransientConnectionException("the database is unreachable (" + reason
                    + "); checking again every " + OUTAGE_PROBE_MILLIS + " ms", "08001");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (unreachable(e)) {
                outage.begin(rootMessage(e));
            }
            throw e;
        }
    }

    /**
     * Called with a connection whose use failed: if the connection itself is broken (the database
     * went away under it) it leaves the pool now, and store calls fail fast until the probe reaches
     * the database (within a second if only this connection was lost). The pool would otherwise
     * hand it out again (H2's "database is already closed" is no SQLSTATE class 08, so HikariCP
     * keeps such a connection) and the node would never recover.
     */
    public void discardIfBroken(Connection c, SQLException failure) {
        if (failure.getSQLState() != null && failure.getSQLState().startsWith("23")) {
            return; // a constraint said no: the connection is fine
        }
        if (broken(c)) {
            pool.evictConnection(c);
            outage.begin("connection lost: " + rootMessage(failure));
        }
    }

    private static boolean broken(Connection c) {
        try {
            return c.isClosed() || !c.isValid(1);
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Reports the pool (active, idle, pending connections, acquire and usage times) to a metrics
     * registry; HikariCP recognises a Micrometer registry by its type. Once per pool.
     */
    public void reportPoolTo(Object meterRegistry) {
        pool.setMetricRegistry(meterRegistry);
    }

    private boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A pool timeout with a cause means connections could not be made (the database is away); one
     * without is only a busy pool, which is no reason to turn every caller away.
     */
    private static boolean unreachable(SQLException e) {
        return e.getCause() != null || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /** False while the database cannot be reached (or the breaker says it could not a moment ago). */
    public boolean isHealthy() {
        try (Connection c = connection()) {
            if (broken(c)) {
                pool.evictConnection(c);
                outage.begin("a pooled connection is no longer valid");
                return false;
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        outage.close();
        pool.close();
    }

    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    }
}
