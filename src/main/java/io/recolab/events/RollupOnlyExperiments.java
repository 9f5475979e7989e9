package io.recolab.events;

import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;

/**
 * {@code rollup_only_experiments} (V30): experiments some of whose events were written without raw
 * rows or unit rows ({@link RollupOnlyStore}, a Kafka processor with {@code --keep rollups}). Their
 * raw exports and per-unit metrics cannot come from the store: those say so instead of counting
 * only part of the events, or none.
 */
public final class RollupOnlyExperiments {
    private RollupOnlyExperiments() {
    }

    /** Marks the experiments in the caller's transaction (a no-op for those marked already). */
    public static void mark(Connection c, Collection<String> experiments, Instant now, Dialect dialect) throws SQLException {
        boolean postgres = dialect == Dialect.POSTGRESQL;
        for (String key : new java.util.TreeSet<>(experiments)) { // one lock order on every writer
            // PostgreSQL: two lanes marking one experiment at once must not fail one transaction. H2: one writer.
            try (PreparedStatement ps = c.prepareStatement(postgres
                    ? "INSERT INTO rollup_only_experiments (experiment_key, since) VALUES (?, ?) ON CONFLICT DO NOTHING"
                    : "INSERT INTO rollup_only_experiments (experiment_key, since)"
                    + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM rollup_only_experiments WHERE experiment_key = ?)")) {
                ps.setString(1, key);
                ps.setObject(2, EventStore.utc(now));
                if (!postgres) {
                    ps.setString(3, key);
                }
                ps.executeUpdate();
            }
        }
    }

    /** When the experiment's first events were written without rows, if they were. */
    public static Optional<Instant> since(Connection c, String experiment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT since FROM rollup_only_experiments WHERE experiment_key = ?")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }

    /** What exports and results say of such an experiment's raw events and units. */
    public static String explain(String experiment, Instant since) {
        return "experiment '" + experiment + "' is processed from Kafka with --keep rollups (since " + since
                + "): the store holds its rollups, not its raw events or units; read the raw events from the topic"
                + " or the lake (spark/ EventsToLakeJob)";
    }
}
