package io.recolab.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-slice rollup changes of one group of events (issue 22.8): units per (dimension, value,
 * treatment) and converted/sum/sumSquares per (dimension, value, treatment, metric), written to this
 * node's rows of {@code slice_exposures} and {@code slice_metrics} (V16) by the same {@link RollupTable}
 * writer as {@link DailyDeltas}.
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

    private static final RollupTable EXPOSURES = new RollupTable("slice_exposures",
            List.of(new RollupTable.Column("dimension", "varchar"), new RollupTable.Column("slice_value", "varchar"),
                    new RollupTable.Column("treatment", "varchar")),
            List.of(new RollupTable.Column("units", "int8")));
    private static final RollupTable METRICS = new RollupTable("slice_metrics",
            List.of(new RollupTable.Column("dimension", "varchar"), new RollupTable.Column("slice_value", "varchar"),
                    new RollupTable.Column("treatment", "varchar"), new RollupTable.Column("metric", "varchar")),
            List.of(new RollupTable.Column("converted", "int8"), new RollupTable.Column("value_sum", "numeric"),
                    new RollupTable.Column("value_sum_squares", "numeric")));

    void flush(Connection c, String experiment, int node, boolean postgres) throws SQLException {
        List<Object[]> exposures = new ArrayList<>();
        units.forEach((k, v) -> {
            if (v != 0) {
                exposures.add(new Object[] {k.dimension(), k.value(), k.treatment(), v});
            }
        });
        EXPOSURES.add(c, experiment, node, postgres, exposures);
        List<Object[]> rows = new ArrayList<>();
        metrics.forEach((k, d) -> {
            if (!d.isZero()) {
                rows.add(new Object[] {k.dimension(), k.value(), k.treatment(), k.metric(), d.converted(), d.sum(),
                        d.sumSquares()});
            }
        });
        METRICS.add(c, experiment, node, postgres, rows);
    }
}
