package io.recolab.analysis;

import io.recolab.events.Rollup;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.stats.Arm;
import io.recolab.stats.MetricType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metric analysed from each unit's value (issue 22.7): capped, CUPED-adjusted, or a ratio of two
 * per-unit series. Reads the exposed units once, builds one value per unit (and its denominator or
 * covariate), and sums them per arm for the engine ({@link UnitLevel}).
 */
final class UnitMetric {
    /** The arms for the engine, the units with a non-zero value per arm, the kind's details, and a ratio's daily rows. */
    record Outcome(MetricType type, List<Arm> arms, long[] converted, List<ResultsReport.Cap> caps,
                   long unitsWithCovariate, List<DailyRow> daily) {
    }

    private UnitMetric() {
    }

    static Outcome compute(String key, ExperimentDefinition d, MetricSpec metric, UnitReader reader) {
        List<String> names = d.treatments().stream().map(Treatment::name).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        List<UnitReader.ExposedUnit> units = reader.exposedUnits(key).stream()
                .filter(u -> index.containsKey(u.treatment())).toList();
        int n = units.size();
        int[] arm = new int[n];
        Map<String, Instant> first = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            arm[i] = index.get(units.get(i).treatment());
            first.put(units.get(i).unit(), units.get(i).firstExposure());
        }
        List<ResultsReport.Cap> caps = new ArrayList<>();
        MetricType type;
        double[] y;
        double[] x = null;
        double[] covariate = null;
        long withCovariate = 0;
        if (metric.type() == MetricSpec.Type.RATIO) {
            type = MetricType.RATIO;
            y = series(key, d, metric, metric.ratio().numerator(), units, first, reader, caps);
            x = series(key, d, metric, metric.ratio().denominator(), units, first, reader, caps);
        } else {
            type = metric.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
            y = series(key, d, metric, metric.name(), units, first, reader, caps);
            if (metric.cuped() != null) {
                Map<String, double[]> pre = metric.cuped() == MetricSpec.Covariate.INTERACTIONS
                        ? reader.interactionsBefore(first, metric.windowDays())
                        : reader.conversionsBefore(key, metric.name(), first, metric.windowDays());
                covariate = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] p = pre.get(units.get(i).unit());
                    // The covariate is the metric's own per-unit value before exposure: for a binomial
                    // metric converted or not, for a mean its sum; interactions: how many there were.
                    covariate[i] = p == null ? 0 : metric.cuped() == MetricSpec.Covariate.CONVERSIONS
                            && metric.type() == MetricSpec.Type.BINOMIAL ? 1 : p[0];
                    withCovariate += covariate[i] != 0 ? 1 : 0;
                }
            }
        }
        long[] converted = new long[names.size()];
        for (int i = 0; i < n; i++) {
            converted[arm[i]] += y[i] != 0 ? 1 : 0;
        }
        List<Arm> arms = UnitLevel.arms(names, arm, y, x, covariate, type);
        List<DailyRow> daily = type == MetricType.RATIO ? ratioDaily(units, arm, names, y, x) : null;
        return new Outcome(type, arms, converted, caps, withCovariate, daily);
    }

    /**
     * One per-unit series: a metric's running values (as the rollups count them: binomial 0/1, mean the
     * sum of values), capped when that metric says so, or the unit's exposures in the window.
     */
    private static double[] series(String key, ExperimentDefinition d, MetricSpec metric, String name,
                                   List<UnitReader.ExposedUnit> units, Map<String, Instant> first, UnitReader reader,
                                   List<ResultsReport.Cap> caps) {
        int n = units.size();
        double[] out = new double[n];
        MetricSpec spec = d.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
        if (spec == null) { // the reserved "exposures" (ExperimentDefinition checked it)
            Map<String, Double> exposures = reader.exposuresInWindow(key, first, metric.windowDays());
            for (int i = 0; i < n; i++) {
                out[i] = exposures.getOrDefault(units.get(i).unit(), 0.0);
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            Rollup.UnitValue v = units.get(i).values().get(name);
            out[i] = v == null ? 0 : v.contribution(spec.type());
        }
        if (spec.capPercentile() == null) {
            return out;
        }
        UnitLevel.Capped capped = UnitLevel.cap(out, spec.capPercentile());
        caps.add(new ResultsReport.Cap(name, capped.percentile(), capped.value(), capped.cappedUnits()));
        return capped.values();
    }

    /**
     * A ratio's daily rows by the units' first-exposure day: units, units with a non-zero numerator, the
     * numerator's sums, and as the cumulative mean the ratio of the cumulative sums (what the charts draw).
     */
    private static List<DailyRow> ratioDaily(List<UnitReader.ExposedUnit> units, int[] arm, List<String> names,
                                             double[] y, double[] x) {
        Map<LocalDate, double[][]> byDay = new TreeMap<>();
        for (int i = 0; i < units.size(); i++) {
            double[][] cells = byDay.computeIfAbsent(Rollup.day(units.get(i).firstExposure()),
                    day -> new double[names.size()][5]);
            double[] c = cells[arm[i]];
            c[0]++;
            c[1] += y[i] != 0 ? 1 : 0;
            c[2] += y[i];
            c[3] += y[i] * y[i];
            c[4] += x[i];
        }
        List<DailyRow> out = new ArrayList<>();
        double[][] total = new double[names.size()][5];
        for (Map.Entry<LocalDate, double[][]> e : byDay.entrySet()) {
            for (int a = 0; a < names.size(); a++) {
                double[] c = e.getValue()[a];
                if (c[0] == 0) {
                    continue;
                }
                for (int j = 0; j < 5; j++) {
                    total[a][j] += c[j];
                }
                double[] t = total[a];
                out.add(new DailyRow(e.getKey(), names.get(a), (long) c[0], (long) c[1], c[2], c[3], (long) t[0],
                        (long) t[1], t[2], t[3], t[4] == 0 ? 0 : t[2] / t[4]));
            }
        }
        return out;
    }
}
