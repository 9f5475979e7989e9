package io.recolab.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Many raw exposures written by the database itself ({@code INSERT ... SELECT} over a generated
 * range), for export tests and timings: a million rows take seconds instead of the minute JDBC
 * batches need. One exposure a second from 2020-01-01 (long past, so a starting server does not
 * reload them), ids {@code e-0000000...}, three shown items each, two treatments.
 */
public final class BulkEvents {
    private static final int CHUNK = 100_000;

    private BulkEvents() {
    }

    /** Inserts {@code count} exposures of experiment {@code key} into the store at {@code jdbcUrl}. */
    public static void exposures(String jdbcUrl, String key, long count) throws SQLException {
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
        String sql = h2
                ? "INSERT INTO events (experiment_key, event_id, event_type, unit_id, treatment, in_experiment, metric,"
                + " event_value, occurred_at, received_at, shown_items) SELECT ?, 'e-' || LPAD(CAST(X AS VARCHAR), 7, '0'),"
                + " 'exposure', 'customer-' || MOD(X, 50000), CASE WHEN MOD(X, 2) = 0 THEN 'C' ELSE 'T1' END, TRUE, NULL, 1,"
                + " DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00'),"
                + " DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00'),"
                + " 'item-' || MOD(X, 997) || CHAR(9) || 'item-' || MOD(X, 991) || CHAR(9) || 'item-' || MOD(X, 983)"
                + " FROM SYSTEM_RANGE(?, ?)"
                : "INSERT INTO events (experiment_key, event_id, event_type, unit_id, treatment, in_experiment, metric,"
                + " event_value, occurred_at, received_at, shown_items) SELECT ?, 'e-' || lpad(x::text, 7, '0'),"
                + " 'exposure', 'customer-' || (x % 50000), CASE WHEN x % 2 = 0 THEN 'C' ELSE 'T1' END, TRUE, NULL, 1,"
                + " timestamptz '2020-01-01 00:00:00+00' + x * interval '1 second',"
                + " timestamptz '2020-01-01 00:00:00+00' + x * interval '1 second',"
                + " 'item-' || (x % 997) || chr(9) || 'item-' || (x % 991) || chr(9) || 'item-' || (x % 983)"
                + " FROM generate_series(?::bigint, ?::bigint) AS g(x)";
        try (Connection c = h2 ? DriverManager.getConnection(jdbcUrl, "sa", "") : DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (long first = 0; first < count; first += CHUNK) {
                ps.setString(1, key);
                ps.setLong(2, first);
                ps.setLong(3, Math.min(count, first + CHUNK) - 1);
                ps.executeUpdate();
            }
            if (!h2) {
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE events"); // plans as a live store's autovacuum would have them
                }
            }
        }
    }
}
