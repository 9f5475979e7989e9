package io.recolab.analysis;

import io.recolab.events.Rollup;
import io.recolab.events.UnitValues;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the metric kinds of issue 22.7 need beyond the daily rollups: every exposed unit's
 * running metric values ({@code experiment_units}), and per unit its exposures after, or its
 * conversions or interactions before, its first exposure. O(units + events read), paid only by a
 * metric that is capped, CUPED-adjusted or a ratio; plain metrics stay on the rollups.
 */
public final class UnitReader {
    /** One exposed unit: its treatment, first analysed exposure and running values per metric. */
    public record ExposedUnit(String unit, String treatment, Instant firstExposure, Map<String, Rollup.UnitValue> values) {
    }

    private final Database database;

    public UnitReader(Database database) {
        this.database = database;
    }

    /** If the experiment's units are not in the store (a Kafka processor keeping rollups), why. */
    public java.util.Optional<String> notStored(String experiment) {
        return Jdbc.read(database, c -> io.recolab.events.RollupOnlyExperiments.since(c, experiment))
                .map(since -> io.recolab.events.RollupOnlyExperiments.explain(experiment, since));
    }

    public List<ExposedUnit> exposedUnits(String experiment) {
        return Jdbc.read(database, c -> {
            List<ExposedUnit> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, treatment, first_exposure_at, metric_values"
                    + " FROM experiment_units WHERE experiment_key = ? AND first_exposure_at IS NOT NULL")) {
                ps.setString(1, experiment);
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ExposedUnit(rs.getString(1), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), UnitValues.decode(rs.getString(4))));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Per unit, its analysed exposures (in_experiment) in [first exposure, first exposure + window):
     * the denominator {@code exposures} of a ratio metric, windowed as conversions are.
     */
    public Map<String, Double> exposuresInWindow(String experiment, Map<String, Instant> first, int windowDays) {
        Duration window = Duration.ofDays(windowDays);
        Map<String, Double> out = new HashMap<>();
        Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, occurred_at FROM events"
                    + " WHERE experiment_key = ? AND event_type = 'exposure' AND in_experiment = TRUE")) {
                ps.setString(1, experiment);
                scan(ps, (unit, at, value) -> {
                    Instant f = first.get(unit);
                    if (f != null && Rollup.inWindow(f, windowDays, at)) {
                        out.merge(unit, 1.0, Double::sum);
                    }
                });
            }
            return null;
        });
        return out;
    }

    /**
     * Per unit, the sum and number of its stored conversions on {@code metric} in [first exposure -
     * window, first exposure): the CUPED covariate. Every stored conversion counts, also those sent
     * while the experiment was a draft or outside its exposure: they are the unit's own behaviour
     * before the treatment could touch it, and that is all a covariate must be.
     */
    public Map<String, double[]> conversionsBefore(String experiment, String metric, Map<String, Instant> first,
                                                   int windowDays) {
        Map<String, double[]> out = new HashMap<>();
        Instant latest = latest(first);
        if (latest == null) {
            return out;
        }
        Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, occurred_at, event_value FROM events"
                    + " WHERE experiment_key = ? AND event_type = 'conversion' AND metric = ? AND occurred_at < ?")) {
                ps.setString(1, experiment);
                ps.setString(2, metric);
                ps.setObject(3, OffsetDateTime.ofInstant(latest, ZoneOffset.UTC));
                scan(ps, (unit, at, value) -> before(out, first.get(unit), windowDays, unit, at, value));
            }
            return null;
        });
        return out;
    }

    /**
     * Per unit (customer id = unit id), the number of its interactions in [first exposure - window,
     * first exposure): the CUPED covariate of a metric the server derives from interactions, whose
     * conversions exist only after an exposure (a shown item bought).
     */
    public Map<String, double[]> interactionsBefore(Map<String, Instant> first, int windowDays) {
        Map<String, double[]> out = new HashMap<>();
        Instant latest = latest(first);
        if (latest == null) {
            return out;
        }
        Instant earliest = first.values().stream().min(Instant::compareTo).orElseThrow().minus(Duration.ofDays(windowDays));
        Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, occurred_at, 1 FROM interactions"
                    + " WHERE occurred_at >= ? AND occurred_at < ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(earliest, ZoneOffset.UTC));
                ps.setObject(2, OffsetDateTime.ofInstant(latest, ZoneOffset.UTC));
                scan(ps, (unit, at, value) -> before(out, first.get(unit), windowDays, unit, at, value));
            }
            return null;
        });
        return out;
    }

    private static void before(Map<String, double[]> out, Instant first, int windowDays, String unit, Instant at,
                               double value) {
        if (first != null && at.isBefore(first) && !at.isBefore(first.minus(Duration.ofDays(windowDays)))) {
            double[] v = out.computeIfAbsent(unit, u -> new double[2]);
            v[0] += value;
            v[1]++;
        }
    }

    private static Instant latest(Map<String, Instant> first) {
        return first.values().stream().max(Instant::compareTo).orElse(null);
    }

    private interface Row {
        void accept(String unit, Instant at, double value);
    }

    private static void scan(PreparedStatement ps, Row row) throws SQLException {
        ps.setFetchSize(5_000);
        try (ResultSet rs = ps.executeQuery()) {
            boolean valued = rs.getMetaData().getColumnCount() > 2;
            while (rs.next()) {
                row.accept(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        valued ? rs.getDouble(3) : 1);
            }
        }
    }
}
