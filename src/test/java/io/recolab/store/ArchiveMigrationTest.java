package io.recolab.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V7 on a store that already holds experiments: nothing is archived, and a stopped experiment's
 * stopped_at is the time of its stop in the audit trail (or its last change, if the trail has no
 * stop), so that how long it ran does not move. Real H2 and PostgreSQL.
 */
class ArchiveMigrationTest {
    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void existingStoppedExperimentsGetTheirStopTime(Stores.Kind kind) throws Exception {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema()
                : "jdbc:h2:mem:v7-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try {
            migrate(url, "6");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("INSERT INTO experiments VALUES ('stopped-with-trail', '{}', 'stopped', 4, TIMESTAMP WITH TIME ZONE "
                        + "'2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-09 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-02 00:00:00+00')");
                s.execute("INSERT INTO experiments VALUES ('stopped-no-trail', '{}', 'stopped', 3, TIMESTAMP WITH TIME ZONE "
                        + "'2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-08 00:00:00+00', NULL)");
                s.execute("INSERT INTO experiments VALUES ('running', '{}', 'running', 2, TIMESTAMP WITH TIME ZONE "
                        + "'2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-03 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-02 00:00:00+00')");
                s.execute("INSERT INTO experiment_changes (experiment_key, changed_at, actor, action, detail) VALUES "
                        + "('stopped-with-trail', TIMESTAMP WITH TIME ZONE '2026-01-05 00:00:00+00', 'x', 'stop', '{}')");
            }
            migrate(url, "latest");
            Map<String, String> stoppedAt = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT experiment_key, stopped_at, archived_at FROM experiments ORDER BY experiment_key")) {
                while (rs.next()) {
                    assertThat(rs.getTimestamp(3)).as("archived_at of " + rs.getString(1)).isNull();
                    java.sql.Timestamp t = rs.getTimestamp(2);
                    stoppedAt.put(rs.getString(1), t == null ? null : t.toInstant().toString());
                }
            }
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("running", null);
            expected.put("stopped-no-trail", "2026-01-08T00:00:00Z");
            expected.put("stopped-with-trail", "2026-01-05T00:00:00Z");
            assertThat(stoppedAt).containsExactlyEntriesOf(expected);
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    private static void migrate(String url, String target) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target(target).load().migrate();
    }
}
