package io.recolab.analysis;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the daily rollups of one experiment and metric: O(treatments x days) rows, never raw events. */
public final class RollupReader {
    /**
     * One (treatment, day) cell; the metric's sums are 0 on days with units but no counted conversion.
     * exactSum and exactSumSquares are the stored decimals (V25), which the arm's variance is taken from;
     * sum and sumSquares are their doubles, for display and charts.
     */
    public record Cell(String treatment, LocalDate day, long units, long converted, double sum, double sumSquares,
                       BigDecimal exactSum, BigDecimal exactSumSquares) {
        public Cell(String treatment, LocalDate day, long units, long converted, BigDecimal sum, BigDecimal sumSquares) {
            this(treatment, day, units, converted, sum.doubleValue(), sumSquares.doubleValue(), sum, sumSquares);
        }

        /** A cell from sums kept as doubles (a job's output, a fixture): exact as far as the doubles are. */
        public Cell(String treatment, LocalDate day, long units, long converted, double sum, double sumSquares) {
            this(treatment, day, units, converted, sum, sumSquares, new BigDecimal(sum), new BigDecimal(sumSquares));
        }
    }

    private final Database database;

    public RollupReader(Database database) {
        this.database = database;
    }

    /** The unit-level reader on the same store (issue 22.7: capped, CUPED and ratio metrics). */
    public UnitReader units() {
        return new UnitReader(database);
    }

    /** The Spark results job's CUPED pre-period sums on the same store (V23). */
    public JobPrePeriodReader jobPrePeriod() {
        return new JobPrePeriodReader(database);
    }

    public List<Cell> read(String experiment, String metric) {
        return Jdbc.read(database, c -> {
            List<Cell> cells = new ArrayList<>();
            // Each node keeps rows of its own (V8): summed here per treatment and day. Left join:
            // units exist per day even where nobody converted.
            try (PreparedStatement ps = c.prepareStatement("SELECT e.treatment, e.exposure_day, e.units,"
                    + " COALESCE(m.converted, 0), COALESCE(m.value_sum, 0), COALESCE(m.value_sum_squares, 0)"
                    + " FROM (SELECT treatment, exposure_day, SUM(units) AS units FROM daily_exposures"
                    + " WHERE experiment_key = ? GROUP BY treatment, exposure_day) e"
                    + " LEFT JOIN (SELECT treatment, exposure_day, SUM(converted) AS converted, SUM(value_sum) AS value_sum,"
                    + " SUM(value_sum_squares) AS value_sum_squares FROM daily_metrics WHERE experiment_key = ? AND metric = ?"
                    + " GROUP BY treatment, exposure_day) m ON m.treatment = e.treatment AND m.exposure_day = e.exposure_day"
                    + " ORDER BY e.exposure_day, e.treatment")) {
                ps.setString(1, experiment);
                ps.setString(2, experiment);
                ps.setString(3, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cells.add(new Cell(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4),
                                decimal(rs, 5), decimal(rs, 6)));
                    }
                }
            }
            return cells;
        });
    }

    /** One (slice value, treatment) total of a slice dimension (V16): units, and the metric's sums (exact: V25). */
    public record SliceCell(String value, String treatment, long units, long converted, double sum, double sumSquares,
                            BigDecimal exactSum, BigDecimal exactSumSquares) {
        public SliceCell(String value, String treatment, long units, long converted, BigDecimal sum, BigDecimal sumSquares) {
            this(value, treatment, units, converted, sum.doubleValue(), sumSquares.doubleValue(), sum, sumSquares);
        }
    }

    private static BigDecimal decimal(ResultSet rs, int column) throws java.sql.SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? BigDecimal.ZERO : v;
    }

    /** The per-slice totals of one dimension and metric: O(values x treatments) rows. */
    public List<SliceCell> readSlices(String experiment, String dimension, String metric) {
        return Jdbc.read(database, c -> {
            List<SliceCell> cells = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.slice_value, e.treatment, e.units,"
                    + " COALESCE(m.converted, 0), COALESCE(m.value_sum, 0), COALESCE(m.value_sum_squares, 0)"
                    + " FROM (SELECT slice_value, treatment, SUM(units) AS units FROM slice_exposures"
                    + " WHERE experiment_key = ? AND dimension = ? GROUP BY slice_value, treatment) e"
                    + " LEFT JOIN (SELECT slice_value, treatment, SUM(converted) AS converted, SUM(value_sum) AS value_sum,"
                    + " SUM(value_sum_squares) AS value_sum_squares FROM slice_metrics WHERE experiment_key = ?"
                    + " AND dimension = ? AND metric = ? GROUP BY slice_value, treatment) m"
                    + " ON m.slice_value = e.slice_value AND m.treatment = e.treatment"
                    + " ORDER BY e.slice_value, e.treatment")) {
                ps.setString(1, experiment);
                ps.setString(2, dimension);
                ps.setString(3, experiment);
                ps.setString(4, dimension);
                ps.setString(5, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cells.add(new SliceCell(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                decimal(rs, 5), decimal(rs, 6)));
                    }
                }
            }
            return cells;
        });
    }

    /** Stored events kept out of the analysis, by reason (see events.Exclusion): exposures and conversions. */
    public record Excluded(Map<String, Long> exposures, Map<String, Long> conversions) {
    }

    /** The experiment's stored events kept out of the analysis, summed over the nodes' rows (V24); empty maps if none. */
    public Excluded excluded(String experiment) {
        return Jdbc.read(database, c -> {
            Map<String, Long> exposures = new TreeMap<>();
            Map<String, Long> conversions = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reason, SUM(exposures), SUM(conversions)"
                    + " FROM excluded_exposures WHERE experiment_key = ? GROUP BY reason")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(2) > 0) {
                            exposures.put(rs.getString(1), rs.getLong(2));
                        }
                        if (rs.getLong(3) > 0) {
                            conversions.put(rs.getString(1), rs.getLong(3));
                        }
                    }
                }
            }
            return new Excluded(exposures, conversions);
        });
    }
}
