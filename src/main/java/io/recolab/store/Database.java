package io.recolab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and the schema. H2 (an embedded file under the data directory) by default,
 * PostgreSQL when several nodes share one store; the same migrations run on both.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** The default store: an H2 file database {@code recolab} inside the data directory. */
    public static String h2Url(Path dataDir) {
        // Commits are written through to the file (no write delay) so that an acknowledged write
        // survives a kill -9; the database closes when we close the pool, not in H2's own
        // shutdown hook, so that a graceful stop can drain pending writes first.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("recolab")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public static Database open(String jdbcUrl, int maxPoolSize) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("recolab");
        config.setConnectionTimeout(5_000);
        // A failed first connection is reported by migrate() with the URL, not by Hikari's constructor.
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.H2) {
            config.setUsername("sa");
            config.setPassword("");
        }
        HikariDataSource pool = new HikariDataSource(config);
        Database db = new Database(pool, dialect);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return db;
    }

    private void migrate() {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database at " + redacted(pool.getJdbcUrl()) + ": "
                    + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Reports the pool (active, idle, pending connections, acquire and usage times) to a metrics
     * registry; HikariCP recognises a Micrometer registry by its type. Once per pool.
     */
    public void reportPoolTo(Object meterRegistry) {
        pool.setMetricRegistry(meterRegistry);
    }

    public boolean isHealthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
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
