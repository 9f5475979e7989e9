package io.recolab.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real stores integration tests run against: an H2 file database in a temporary directory,
 * and the local PostgreSQL (127.0.0.1:5432, database test, trust auth) in a schema of its own per
 * test, so that runs never collide. Without a reachable PostgreSQL those tests skip, saying why.
 */
public final class Stores {
    public static final String PG_BASE = System.getProperty("recolab.test.pg",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public enum Kind { H2, POSTGRESQL }

    private Stores() {
    }

    public static Stream<Kind> both() {
        return Stream.of(Kind.H2, Kind.POSTGRESQL);
    }

    public static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(PG_BASE)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A fresh, empty PostgreSQL schema; returns the JDBC URL that uses it. */
    public static String freshPostgresSchema() {
        Assumptions.assumeTrue(postgresReachable(),
                "PostgreSQL is not reachable at " + PG_BASE + "; skipping (.ci/run starts it)");
        String schema = "rl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return PG_BASE + "&currentSchema=" + schema;
    }

    public static void dropPostgresSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(PG_BASE); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // Leftover schemas are harmless: every run makes its own.
        }
    }
}
