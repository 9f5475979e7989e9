package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-slice rollup changes of one group of events (issue 22.8): units per (dimension, value,
 * treatment) and converted/sum/sumSquares per (dimension, value, treatment, metric), written to this
 * node's rows of {@code slice_exposures} and {@code slice_metrics} (V16) like {@link DailyDeltas}.
 * A unit moved to an earlier day keeps its slices, so its -1/+1 cancel here and nothing is written.
 */
final class SliceDeltas {
    private record UnitKey(String dimension, String value, String treatment) {
    }

    private record MetricKey(String dimension, String value, String treatment, String metric) {
    }

    // Sorted: every node updates shared rows in one order (see DailyDeltas).
    private final Map<UnitKey, Long> units = new TreeMap<>(Comparator.comparing(UnitKey::dimension)
            .thenComparing(UnitKey::value).thenComparing(UnitKey::treatment));
    private final Map<MetricKey, Rollup.Delta> metrics = new TreeMap<>(Comparator.comparing(MetricKey::dimension)
            .thenComparing(MetricKey::value).thenComparing(MetricKey::treatment).thenComparing(MetricKey::metric));

    void units(String treatment, Map<String, String> slices, long delta) {
        slices.forEach((d, v) -> units.merge(new UnitKey(d, v, treatment), delta, Long::sum));
    }

    void metric(String treatment, String metric, Map<String, String> slices, Rollup.Delta delta) {
        slices.forEach((d, v) -> metrics.merge(new MetricKey(d, v, treatment, metric), delta, Rollup.Delta::plus));
    }

    void flush(Connection c, String experiment, int node, boolean postgres) throws SQLException {
        List<UnitKey> unitKeys = new ArrayList<>();
        units.forEach((k, v) -> {
            if (v != 0) {
                unitKeys.add(k);
            }
        });
        List<MetricKey> metricKeys = new ArrayList<>();
        metrics.forEach((k, v) -> {
            if (!v.isZero()) {
                metricKeys.add(k);
            }
        });
        if (!unitKeys.isEmpty()) {
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO slice_exposures (experiment_key, node, dimension,"
                        + " slice_value, treatment, units) SELECT ?, ?, d, v, t, n"
                        + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int8[]) AS x(d, v, t, n)"
                        + " ON CONFLICT (experiment_key, dimension, slice_value, treatment, node)"
                        + " DO UPDATE SET units = slice_exposures.units + EXCLUDED.units")) {
                    ps.setString(1, experiment);
                    ps.setInt(2, node);
                    ps.setArray(3, c.createArrayOf("varchar", unitKeys.stream().map(UnitKey::dimension).toArray()));
                    ps.setArray(4, c.createArrayOf("varchar", unitKeys.stream().map(UnitKey::value).toArray()));
                    ps.setArray(5, c.createArrayOf("varchar", unitKeys.stream().map(UnitKey::treatment).toArray()));
                    ps.setArray(6, c.createArrayOf("int8", unitKeys.stream().map(units::get).toArray(Long[]::new)));
                    ps.executeUpdate();
                }
            } else {
                // H2: MERGE on the key adds to an existing row or inserts one; one writer per H2 file.
                try (PreparedStatement ps = c.prepareStatement("MERGE INTO slice_exposures t USING (VALUES (?, ?, ?, ?, ?, ?))"
                        + " AS s(k, d, v, tr, n, u) ON t.experiment_key = s.k AND t.dimension = s.d AND t.slice_value = s.v"
                        + " AND t.treatment = s.tr AND t.node = s.n"
                        + " WHEN MATCHED THEN UPDATE SET units = t.units + s.u"
                        + " WHEN NOT MATCHED THEN INSERT (experiment_key, dimension, slice_value, treatment, node, units)"
                        + " VALUES (s.k, s.d, s.v, s.tr, s.n, s.u)")) {
                    for (UnitKey k : unitKeys) {
                        ps.setString(1, experiment);
                        ps.setString(2, k.dimension());
                        ps.setString(3, k.value());
                        ps.setString(4, k.treatment());
                        ps.setInt(5, node);
                        ps.setLong(6, units.get(k));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
        if (metricKeys.isEmpty()) {
            return;
        }
        if (postgres) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO slice_metrics (experiment_key, node, dimension,"
                    + " slice_value, treatment, metric, converted, value_sum, value_sum_squares) SELECT ?, ?, d, v, t, m, n, s, q"
                    + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int8[], ?::float8[], ?::float8[])"
                    + " AS x(d, v, t, m, n, s, q)"
                    + " ON CONFLICT (experiment_key, dimension, slice_value, treatment, metric, node) DO UPDATE SET"
                    + " converted = slice_metrics.converted + EXCLUDED.converted,"
                    + " value_sum = slice_metrics.value_sum + EXCLUDED.value_sum,"
                    + " value_sum_squares = slice_metrics.value_sum_squares + EXCLUDED.value_sum_squares")) {
                ps.setString(1, experiment);
                ps.setInt(2, node);
                ps.setArray(3, c.createArrayOf("varchar", metricKeys.stream().map(MetricKey::dimension).toArray()));
                ps.setArray(4, c.createArrayOf("varchar", metricKeys.stream().map(MetricKey::value).toArray()));
                ps.setArray(5, c.createArrayOf("varchar", metricKeys.stream().map(MetricKey::treatment).toArray()));
                ps.setArray(6, c.createArrayOf("varchar", metricKeys.stream().map(MetricKey::metric).toArray()));
                ps.setArray(7, c.createArrayOf("int8", metricKeys.stream().map(k -> metrics.get(k).converted()).toArray(Long[]::new)));
                ps.setArray(8, c.createArrayOf("float8", metricKeys.stream().map(k -> metrics.get(k).sum()).toArray(Double[]::new)));
                ps.setArray(9, c.createArrayOf("float8", metricKeys.stream().map(k -> metrics.get(k).sumSquares()).toArray(Double[]::new)));
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO slice_metrics t USING (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))"
                + " AS s(k, d, v, tr, m, n, cv, vs, vq) ON t.experiment_key = s.k AND t.dimension = s.d AND t.slice_value = s.v"
                + " AND t.treatment = s.tr AND t.metric = s.m AND t.node = s.n"
                + " WHEN MATCHED THEN UPDATE SET converted = t.converted + s.cv, value_sum = t.value_sum + s.vs,"
                + " value_sum_squares = t.value_sum_squares + s.vq"
                + " WHEN NOT MATCHED THEN INSERT (experiment_key, dimension, slice_value, treatment, metric, node, converted,"
                + " value_sum, value_sum_squares) VALUES (s.k, s.d, s.v, s.tr, s.m, s.n, s.cv, s.vs, s.vq)")) {
            for (MetricKey k : metricKeys) {
                Rollup.Delta d = metrics.get(k);
                ps.setString(1, experiment);
                ps.setString(2, k.dimension());
                ps.setString(3, k.value());
                ps.setString(4, k.treatment());
                ps.setString(5, k.metric());
                ps.setInt(6, node);
                ps.setLong(7, d.converted());
                ps.setDouble(8, d.sum());
                ps.setDouble(9, d.sumSquares());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
