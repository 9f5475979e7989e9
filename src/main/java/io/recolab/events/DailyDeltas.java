package io.recolab.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * The rollup changes of one group of events, summed in memory and then written as one update
 * per touched row (a few per transaction, however many events): units per (treatment, day), and
 * converted/sum/sumSquares per (treatment, metric, day).
 */
final class DailyDeltas {
    private record DayKey(String treatment, LocalDate day) {
    }

    private record MetricKey(String treatment, String metric, LocalDate day) {
    }

    // Sorted, so every node updates the shared rollup rows in the same order: two PostgreSQL nodes
    // locking the same rows in different orders would deadlock.
    private final Map<DayKey, Long> units = new TreeMap<>(
            Comparator.comparing(DayKey::treatment).thenComparing(DayKey::day));
    private final Map<MetricKey, Rollup.Delta> metrics = new TreeMap<>(Comparator.comparing(MetricKey::treatment)
            .thenComparing(MetricKey::metric).thenComparing(MetricKey::day));

    /** The per-slice rollups (V16) move with the daily ones, by the unit's slice values. */
    private final SliceDeltas slices = new SliceDeltas();

    void units(String treatment, LocalDate day, long delta, Map<String, String> unitSlices) {
        units.merge(new DayKey(treatment, day), delta, Long::sum);
        slices.units(treatment, unitSlices, delta);
    }

    void metric(String treatment, String metric, LocalDate day, Rollup.Delta delta, Map<String, String> unitSlices) {
        if (!delta.isZero()) {
            metrics.merge(new MetricKey(treatment, metric, day), delta, Rollup.Delta::plus);
            slices.metric(treatment, metric, unitSlices, delta);
        }
    }

    private static final RollupTable EXPOSURES = new RollupTable("daily_exposures",
            List.of(new RollupTable.Column("treatment", "varchar"), new RollupTable.Column("exposure_day", "date")),
            List.of(new RollupTable.Column("units", "int8")));
    private static final RollupTable METRICS = new RollupTable("daily_metrics",
            List.of(new RollupTable.Column("treatment", "varchar"), new RollupTable.Column("metric", "varchar"),
                    new RollupTable.Column("exposure_day", "date")),
            List.of(new RollupTable.Column("converted", "int8"), new RollupTable.Column("value_sum", "numeric"),
                    new RollupTable.Column("value_sum_squares", "numeric")));

    /**
     * Adds the deltas to this node's rows ({@code node}, V8): no other running node writes them, so
     * no transaction waits for another node's here ({@link RollupTable}: one upsert per table on
     * PostgreSQL, update then insert on H2).
     */
    void flush(Connection c, String experiment, int node, boolean postgres) throws SQLException {
        slices.flush(c, experiment, node, postgres);
        List<Object[]> exposures = new ArrayList<>();
        units.forEach((k, v) -> {
            if (v != 0) {
                exposures.add(new Object[] {k.treatment(), k.day(), v});
            }
        });
        EXPOSURES.add(c, experiment, node, postgres, exposures);
        List<Object[]> rows = new ArrayList<>();
        metrics.forEach((k, d) -> rows.add(new Object[] {k.treatment(), k.metric(), k.day(), d.converted(), d.sum(),
                d.sumSquares()}));
        METRICS.add(c, experiment, node, postgres, rows);
    }
}
