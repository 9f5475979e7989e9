package io.recolab.charts;

import io.recolab.analysis.DailyRow;
import io.recolab.analysis.ResultsReport;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.TestType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The time series the charts draw, from a results report's daily rollups only. Every treatment
 * gets a value on every day that has data for any treatment: a treatment with no newly exposed
 * unit on a day keeps yesterday's running totals.
 */
public final class ChartSeries {
    /** A treatment's running totals at the end of one day, and that day's newly exposed units. */
    public record Point(LocalDate date, long dailyUnits, long units, double sum, double sumSquares, double mean) {
    }

    /** The relative lift of one treatment over the control as known at the end of one day; CI ends may be null. */
    public record LiftPoint(LocalDate date, double lift, Double low, Double high) {
    }

    private final ResultsReport report;
    private final List<LocalDate> dates;
    private final Map<String, List<Point>> byTreatment;

    public ChartSeries(ResultsReport report) {
        this.report = report;
        Map<String, Map<LocalDate, DailyRow>> rows = new HashMap<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (DailyRow row : report.daily()) {
            rows.computeIfAbsent(row.treatment(), t -> new HashMap<>()).put(row.date(), row);
            days.add(row.date());
        }
        this.dates = List.copyOf(days);
        this.byTreatment = new LinkedHashMap<>();
        for (ResultsReport.TreatmentResult t : report.treatments()) {
            Map<LocalDate, DailyRow> mine = rows.getOrDefault(t.name(), Map.of());
            List<Point> points = new ArrayList<>();
            long units = 0;
            double sum = 0;
            double sumSquares = 0;
            for (LocalDate day : dates) {
                DailyRow row = mine.get(day);
                long daily = 0;
                if (row != null) {
                    daily = row.units();
                    units = row.cumulativeUnits();
                    // Binomial: a unit's value is 0/1, so the sums are the converted units (as in Results).
                    sum = binomial() ? row.cumulativeConversions() : row.cumulativeSum();
                    sumSquares = binomial() ? row.cumulativeConversions() : Math.max(0, row.cumulativeSumSquares());
                }
                // A ratio's rows carry the ratio of the cumulative sums (analysis.UnitMetric), not a mean per unit.
                double mean = units == 0 ? Double.NaN : ratio() && row != null ? row.cumulativeMean()
                        : ratio() ? points.get(points.size() - 1).mean() : sum / units;
                points.add(new Point(day, daily, units, sum, sumSquares, mean));
            }
            byTreatment.put(t.name(), points);
        }
    }

    public ResultsReport report() {
        return report;
    }

    public List<LocalDate> dates() {
        return dates;
    }

    public boolean binomial() {
        return "binomial".equals(report.metricType());
    }

    private boolean ratio() {
        return "ratio".equals(report.metricType());
    }

    /** Whether the report's metric was analysed from each unit's value (issue 22.7). */
    public boolean unitLevel() {
        return report.kind() != null && "units".equals(report.kind().source());
    }

    /** Treatment name -> one point per date, in the definition's order (the control first). */
    public Map<String, List<Point>> treatments() {
        return byTreatment;
    }

    /**
     * Each treatment's relative lift over the control and its interval, recomputed by the
     * statistics engine on each day's running totals with the report's test, correction and alpha,
     * so the last point equals the results table. Days where the engine has no defined lift (no
     * units yet, control mean 0) are left out.
     */
    public Map<String, List<LiftPoint>> lifts() {
        List<String> names = new ArrayList<>(byTreatment.keySet());
        Map<String, List<LiftPoint>> out = new LinkedHashMap<>();
        names.stream().skip(1).forEach(n -> out.put(n, new ArrayList<>()));
        if (names.size() < 2 || unitLevel()) {
            // Capped, CUPED and ratio lifts need each unit's value, which the daily rows do not hold:
            // a lift recomputed from them would disagree with the results table, so none is drawn.
            return out;
        }
        TestType test = TestType.parse("test", report.test());
        Correction correction = Correction.parse("correction", report.correction());
        MetricType type = binomial() ? MetricType.BINOMIAL : MetricType.MEAN;
        for (int d = 0; d < dates.size(); d++) {
            List<Arm> arms = new ArrayList<>();
            for (String name : names) {
                Point p = byTreatment.get(name).get(d);
                arms.add(Arm.of(name, p.units(), p.units() == 0 ? 0 : p.sum(), p.units() == 0 ? 0 : p.sumSquares()));
            }
            List<Comparison> comparisons;
            try {
                comparisons = Analyzer.compare(ComparisonRequest.of(type, test, report.alpha(), correction, arms)).comparisons();
            } catch (IllegalArgumentException e) {
                continue; // too little data on this day for the engine: no point, as for an undefined lift
            }
            for (Comparison c : comparisons) {
                if (c.relativeLift() == null || !Double.isFinite(c.relativeLift())) {
                    continue;
                }
                List<Double> ci = c.relativeCi();
                out.get(c.treatment()).add(new LiftPoint(dates.get(d), c.relativeLift(),
                        ci == null ? null : finite(ci.get(0)), ci == null ? null : finite(ci.get(1))));
            }
        }
        return out;
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
