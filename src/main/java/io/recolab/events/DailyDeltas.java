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

    void units(String treatment, LocalDate day, long delta) {
        units.merge(new DayKey(treatment, day), delta, Long::sum);
    }

    void metric(String treatment, String metric, LocalDate day, Rollup.Delta delta) {
        if (!delta.isZero()) {
            metrics.merge(new MetricKey(treatment, metric, day), delta, Rollup.Delta::plus);
        }
    }

    /** Update-then-insert: portable across H2 and PostgreSQL; a racing insert by another node is a unique violation the writer retries. */
    void flush(Connection c, String experiment) throws SQLException {
        List<DayKey> dayKeys = new ArrayList<>();
        units.forEach((k, v) -> {
            if (v != 0) {
                dayKeys.add(k);
            }
        });
        if (!dayKeys.isEmpty()) {
            int[] updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE daily_exposures SET units = units + ? WHERE experiment_key = ? AND treatment = ? AND exposure_day = ?")) {
                for (DayKey k : dayKeys) {
                    ps.setLong(1, units.get(k));
                    ps.setString(2, experiment);
                    ps.setString(3, k.treatment());
                    ps.setObject(4, k.day());
                    ps.addBatch();
                }
                updated = ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO daily_exposures (experiment_key, treatment, exposure_day, units) VALUES (?,?,?,?)")) {
                boolean any = false;
                for (int i = 0; i < dayKeys.size(); i++) {
                    if (updated[i] == 0) {
                        DayKey k = dayKeys.get(i);
                        ps.setString(1, experiment);
                        ps.setString(2, k.treatment());
                        ps.setObject(3, k.day());
                        ps.setLong(4, units.get(k));
                        ps.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    ps.executeBatch();
                }
            }
        }
        if (metrics.isEmpty()) {
            return;
        }
        List<MetricKey> keys = new ArrayList<>(metrics.keySet());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE daily_metrics SET converted = converted + ?,"
                + " value_sum = value_sum + ?, value_sum_squares = value_sum_squares + ?"
                + " WHERE experiment_key = ? AND treatment = ? AND metric = ? AND exposure_day = ?")) {
            for (MetricKey k : keys) {
                Rollup.Delta d = metrics.get(k);
                ps.setLong(1, d.converted());
                ps.setDouble(2, d.sum());
                ps.setDouble(3, d.sumSquares());
                ps.setString(4, experiment);
                ps.setString(5, k.treatment());
                ps.setString(6, k.metric());
                ps.setObject(7, k.day());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_metrics (experiment_key, treatment, metric, exposure_day,"
                + " converted, value_sum, value_sum_squares) VALUES (?,?,?,?,?,?,?)")) {
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
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }
}
