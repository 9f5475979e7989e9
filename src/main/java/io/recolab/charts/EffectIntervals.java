package io.recolab.charts;

import io.recolab.analysis.ResultsReport;
import io.recolab.analysis.SliceReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an interval chart draws: one row per effect, its relative lift over the control and its
 * interval, taken as they are from a results or slice report (no number is recomputed here, so the
 * chart cannot disagree with the table). {@link #of(ResultsReport)}: each treatment's effect on the
 * metric, and for a CUPED metric the plain interval above the adjusted one; {@link #of(SliceReport)}:
 * a forest plot, one row per slice and treatment, flagged when the slice's sample ratio mismatches.
 */
public record EffectIntervals(String title, String subtitle, String axis, List<String> series, List<Row> rows,
                              String note) {
    public EffectIntervals {
        series = List.copyOf(series);
        rows = List.copyOf(rows);
    }

    /**
     * One drawn effect. {@code series}: the legend entry (a treatment, or "plain"/"CUPED"); estimate null when
     * the report has no comparison (the row is labelled, nothing drawn); an open interval end is null.
     */
    public record Row(String label, String series, Double estimate, Double low, Double high, boolean srmMismatch,
                      Boolean significant) {
    }

    public static EffectIntervals of(ResultsReport r) {
        List<Row> rows = new ArrayList<>();
        ResultsReport.Cuped cuped = r.kind() == null ? null : r.kind().cuped();
        List<String> series = new ArrayList<>();
        for (int i = 0; i < r.comparisons().size(); i++) {
            ResultsReport.ComparisonView c = r.comparisons().get(i);
            String label = c.treatment() + " vs " + control(r);
            if (cuped != null && i < cuped.comparisons().size()) {
                ResultsReport.Reduction red = cuped.comparisons().get(i);
                List<Double> raw = red.rawRelativeCi();
                rows.add(new Row(label + ", plain", "plain (unadjusted)", red.rawRelativeLift(), end(raw, 0), end(raw, 1),
                        false, null));
                rows.add(new Row(label + ", CUPED" + reduction(red), "CUPED-adjusted", c.relativeLift(),
                        end(c.relativeCi(), 0), end(c.relativeCi(), 1), false, c.significant()));
            } else {
                rows.add(new Row(label, c.treatment(), c.relativeLift(), end(c.relativeCi(), 0), end(c.relativeCi(), 1),
                        false, c.significant()));
            }
        }
        rows.forEach(row -> series.add(row.series()));
        String kind = r.kind() == null ? r.metricType() : r.kind().kind()
                + (r.kind().caps().isEmpty() ? "" : ", capped") + (cuped == null ? "" : ", CUPED");
        return new EffectIntervals("Effect on " + r.metric() + " (" + kind + ")",
                r.experiment() + " · metric " + r.metric() + " · " + r.test() + " test, alpha " + r.alpha(),
                "relative lift over the control (" + band(r.test()) + ")", distinct(series), rows,
                cuped == null ? null : "the adjusted interval is narrower by the variance reduction");
    }

    public static EffectIntervals of(SliceReport s) {
        List<Row> rows = new ArrayList<>();
        List<String> series = new ArrayList<>();
        for (SliceReport.Slice slice : s.slices()) {
            String control = slice.treatments().isEmpty() ? "control" : slice.treatments().get(0).name();
            for (ResultsReport.ComparisonView c : slice.comparisons()) {
                boolean srm = slice.srm() != null && slice.srm().mismatch();
                rows.add(new Row(slice.value() + ": " + c.treatment() + " vs " + control + (srm ? " [SRM]" : ""),
                        c.treatment(), c.relativeLift(), end(c.relativeCi(), 0), end(c.relativeCi(), 1), srm,
                        c.significant()));
                series.add(c.treatment());
            }
        }
        return new EffectIntervals("Effect on " + s.metric() + " by " + s.dimension(),
                s.experiment() + " · metric " + s.metric() + " · " + s.test() + " test, alpha " + s.alpha()
                        + " · p-values " + s.correction() + "-adjusted over " + s.familySize() + " slice comparisons",
                "relative lift over the control (" + band(s.test()) + ", per slice, unadjusted)", distinct(series), rows,
                rows.stream().anyMatch(Row::srmMismatch) ? "[SRM]: the slice's split does not match the weights" : null);
    }

    private static String control(ResultsReport r) {
        return r.treatments().isEmpty() ? "control" : r.treatments().get(0).name();
    }

    private static String reduction(ResultsReport.Reduction red) {
        return red.varianceReduction() == null ? "" : " (variance -" + ChartSeries.percent(red.varianceReduction()) + ")";
    }

    private static Double end(List<Double> ci, int i) {
        if (ci == null || ci.size() < 2) {
            return null;
        }
        Double v = ci.get(i);
        return v == null || !Double.isFinite(v) ? null : v;
    }

    private static List<String> distinct(List<String> names) {
        Set<String> out = new LinkedHashSet<>(names);
        return List.copyOf(out);
    }

    private static String band(String test) {
        return switch (test) {
            case "sequential" -> "confidence sequence";
            case "bayesian" -> "credible interval";
            default -> "confidence interval";
        };
    }
}
