package io.recolab.analysis;

import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.stats.Arm;
import io.recolab.stats.MetricType;
import io.recolab.stats.SufficientStats;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CUPED metric's arms from the Spark results job's pre-period cross-products ({@code job_pre_period},
 * V23) instead of every exposed unit and its earlier conversions (UnitReader): O(treatments x days)
 * rows. Used only while they describe the events the rollups describe: the job's units, converted units
 * and sums must equal the rollups' in every (treatment, day), else events arrived (or were re-processed)
 * after the job ran, and the unit-level path answers. Only the covariate the job computes (the metric's
 * own conversions before exposure) of an uncapped metric; interactions or a cap need each unit.
 */
public final class JobPrePeriodReader {
    /** One job_pre_period row: what the job counted, and the covariate's sums. */
    record Row(String treatment, LocalDate day, long units, long converted, double sum, double sumSquares,
               long nonZero, long preUnits, double preSum, double preSumSquares, double sumProducts) {
    }

    private final Database database;

    public JobPrePeriodReader(Database database) {
        this.database = database;
    }

    /** Whether the job's rows could stand in for the unit-level path of this metric at all. */
    static boolean applies(MetricSpec metric) {
        return metric.cuped() == MetricSpec.Covariate.CONVERSIONS && metric.capPercentile() == null
                && metric.type() != MetricSpec.Type.RATIO;
    }

    /**
     * The metric's arms from the job's rows, or null when it has none for it or they no longer equal the
     * rollups' {@code cells} (then the caller reads each unit).
     */
    UnitMetric.Outcome outcome(String key, ExperimentDefinition d, MetricSpec metric, List<RollupReader.Cell> cells) {
        if (!applies(metric)) {
            return null;
        }
        List<Row> rows = read(key, metric.name());
        MetricType type = metric.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
        return rows.isEmpty() || !sameAsRollups(rows, cells, type) ? null : outcome(d, rows, type);
    }

    /** Pure: the arms (in the definition's order) from rows already known to equal the rollups. */
    static UnitMetric.Outcome outcome(ExperimentDefinition d, List<Row> rows, MetricType type) {
        List<String> names = d.treatments().stream().map(Treatment::name).toList();
        int k = names.size();
        long[] n = new long[k];
        long[] converted = new long[k];
        long withCovariate = 0;
        CompensatedSum[][] s = new CompensatedSum[k][5];
        for (CompensatedSum[] arm : s) {
            for (int j = 0; j < arm.length; j++) {
                arm[j] = new CompensatedSum();
            }
        }
        for (Row r : rows) {
            int a = names.indexOf(r.treatment());
            if (a < 0) {
                continue; // a treatment the definition no longer has: not analysed, as on the unit path
            }
            n[a] += r.units();
            converted[a] += r.nonZero();
            withCovariate += r.preUnits();
            s[a][0].add(r.sum());
            s[a][1].add(r.sumSquares());
            s[a][2].add(r.preSum());
            s[a][3].add(r.preSumSquares());
            s[a][4].add(r.sumProducts());
        }
        List<Arm> arms = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
            double sum = s[a][0].value();
            // as UnitLevel.arms: binomial values are 0/1, so the sum of squares is the sum
            double squares = type == MetricType.BINOMIAL ? sum : Math.max(0, s[a][1].value());
            arms.add(new Arm(names.get(a), new SufficientStats(n[a], sum, squares),
                    new Arm.PrePeriod(s[a][2].value(), Math.max(0, s[a][3].value()), s[a][4].value()), null));
        }
        return new UnitMetric.Outcome(type, arms, converted, List.of(), withCovariate, null);
    }

    /**
     * Every non-empty rollup cell has the job's row with the same units and converted units and (for a
     * mean) the same sums to 1e-9 relative (they were added in another order), and the job has no row the
     * rollups lack.
     */
    static boolean sameAsRollups(List<Row> rows, List<RollupReader.Cell> cells, MetricType type) {
        Map<String, Row> job = new HashMap<>();
        for (Row r : rows) {
            job.put(r.treatment() + "\n" + r.day(), r);
        }
        int matched = 0;
        for (RollupReader.Cell c : cells) {
            if (c.units() == 0 && c.converted() == 0 && c.sum() == 0 && c.sumSquares() == 0) {
                continue; // an emptied day (Results skips it too)
            }
            Row r = job.get(c.treatment() + "\n" + c.day());
            if (r == null || r.units() != c.units() || r.converted() != c.converted()
                    || (type == MetricType.MEAN && !(close(r.sum(), c.sum()) && close(r.sumSquares(), c.sumSquares())))) {
                return false;
            }
            matched++;
        }
        long jobCells = rows.stream().filter(r -> r.units() != 0 || r.converted() != 0).count();
        return matched == jobCells;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    List<Row> read(String experiment, String metric) {
        return Jdbc.read(database, c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT treatment, exposure_day, units, converted, value_sum,"
                    + " value_sum_squares, nonzero_units, pre_units, pre_sum, pre_sum_squares, sum_products FROM job_pre_period"
                    + " WHERE experiment_key = ? AND metric = ? ORDER BY exposure_day, treatment")) {
                ps.setString(1, experiment);
                ps.setString(2, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4),
                                rs.getDouble(5), rs.getDouble(6), rs.getLong(7), rs.getLong(8), rs.getDouble(9),
                                rs.getDouble(10), rs.getDouble(11)));
                    }
                }
            }
            return out;
        });
    }
}
