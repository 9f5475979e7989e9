package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /**
     * Adds the deltas to this node's rows ({@code node}, V8): no other running node writes them, so
     * no transaction waits for another node's here. PostgreSQL: one upsert per table with array
     * parameters. H2: update, then insert the rows that did not exist.
     */
    void flush(Connection c, String experiment, int node, boolean postgres) throws SQLException {
        slices.flush(c, experiment, node, postgres);
        List<DayKey> dayKeys = new ArrayList<>();
        units.forEach((k, v) -> {
            if (v != 0) {
                dayKeys.add(k);
            }
        });
        List<MetricKey> keys = new ArrayList<>(metrics.keySet());
        if (postgres) {
            upsert(c, experiment, node, dayKeys, keys);
            return;
        }
        if (!dayKeys.isEmpty()) {
            int[] updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE daily_exposures SET units = units + ?"
                    + " WHERE experiment_key = ? AND treatment = ? AND exposure_day = ? AND node = ?")) {
                for (DayKey k : dayKeys) {
                    ps.setLong(1, units.get(k));
                    ps.setString(2, experiment);
                    ps.setString(3, k.treatment());
                    ps.setObject(4, k.day());
                    ps.setInt(5, node);
                    ps.addBatch();
                }
                updated = ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO daily_exposures (experiment_key, treatment, exposure_day, units, node) VALUES (?,?,?,?,?)")) {
                boolean any = false;
                for (int i = 0; i < dayKeys.size(); i++) {
                    if (updated[i] == 0) {
                        DayKey k = dayKeys.get(i);
                        ps.setString(1, experiment);
                        ps.setString(2, k.treatment());
                        ps.setObject(3, k.day());
                        ps.setLong(4, units.get(k));
                        ps.setInt(5, node);
                        ps.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    ps.executeBatch();
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE daily_metrics SET converted = converted + ?,"
                + " value_sum = value_sum + ?, value_sum_squares = value_sum_squares + ?"
                + " WHERE experiment_key = ? AND treatment = ? AND metric = ? AND exposure_day = ? AND node = ?")) {
            for (MetricKey k : keys) {
                Rollup.Delta d = metrics.get(k);
                ps.setLong(1, d.converted());
                ps.setDouble(2, d.sum());
                ps.setDouble(3, d.sumSquares());
                ps.setString(4, experiment);
                ps.setString(5, k.treatment());
                ps.setString(6, k.metric());
                ps.setObject(7, k.day());
                ps.setInt(8, node);
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_metrics (experiment_key, treatment, metric, exposure_day,"
                + " converted, value_sum, value_sum_squares, node) VALUES (?,?,?,?,?,?,?,?)")) {
            boolean any = false;
            for (int i = 0; i < keys.size(); i++) {
                if (updated[i] == 0) {
                    MetricKey k = keys.get(i);
                    Rollup.Delta d = metrics.get(k);
                    ps.setString(1, experiment);
                    ps.setString(2, k.treatment());
                    ps.setString(3, k.metric());
                    ps.setObject(4, k.day());
                    ps.setLong(5, d.converted());
                    ps.setDouble(6, d.sum());
                    ps.setDouble(7, d.sumSquares());
                    ps.setInt(8, node);
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private void upsert(Connection c, String experiment, int node, List<DayKey> dayKeys, List<MetricKey> keys)
            throws SQLException {
        if (!dayKeys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_exposures (experiment_key, node, treatment,"
                    + " exposure_day, units) SELECT ?, ?, t, d::date, n FROM unnest(?::varchar[], ?::text[], ?::int8[]) AS x(t, d, n)"
                    + " ON CONFLICT (experiment_key, treatment, exposure_day, node)"
                    + " DO UPDATE SET units = daily_exposures.units + EXCLUDED.units")) {
                ps.setString(1, experiment);
                ps.setInt(2, node);
                ps.setArray(3, c.createArrayOf("varchar", dayKeys.stream().map(DayKey::treatment).toArray(String[]::new)));
                ps.setArray(4, c.createArrayOf("varchar", dayKeys.stream().map(k -> k.day().toString()).toArray(String[]::new)));
                ps.setArray(5, c.createArrayOf("int8", dayKeys.stream().map(units::get).toArray(Long[]::new)));
                ps.executeUpdate();
            }
        }
        if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_metrics (experiment_key, node, treatment, metric,"
                    + " exposure_day, converted, value_sum, value_sum_squares) SELECT ?, ?, t, m, d::date, n, s, q"
                    + " FROM unnest(?::varchar[], ?::varchar[], ?::text[], ?::int8[], ?::float8[], ?::float8[]) AS x(t, m, d, n, s, q)"
                    + " ON CONFLICT (experiment_key, treatment, metric, exposure_day, node) DO UPDATE SET"
                    + " converted = daily_metrics.converted + EXCLUDED.converted,"
                    + " value_sum = daily_metrics.value_sum + EXCLUDED.value_sum,"
                    + " value_sum_squares = daily_metrics.value_sum_squares + EXCLUDED.value_sum_squares")) {
                ps.setString(1, experiment);
                ps.setInt(2, node);
                ps.setArray(3, c.createArrayOf("varchar", keys.stream().map(MetricKey::treatment).toArray(String[]::new)));
                ps.setArray(4, c.createArrayOf("varchar", keys.stream().map(MetricKey::metric).toArray(String[]::new)));
                ps.setArray(5, c.createArrayOf("varchar", keys.stream().map(k -> k.day().toString()).toArray(String[]::new)));
                ps.setArray(6, c.createArrayOf("int8", keys.stream().map(k -> metrics.get(k).converted()).toArray(Long[]::new)));
                ps.setArray(7, c.createArrayOf("float8", keys.stream().map(k -> metrics.get(k).sum()).toArray(Double[]::new)));
                ps.setArray(8, c.createArrayOf("float8", keys.stream().map(k -> metrics.get(k).sumSquares()).toArray(Double[]::new)));
                ps.executeUpdate();
            }
        }
    }
}
