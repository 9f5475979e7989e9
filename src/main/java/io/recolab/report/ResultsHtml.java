package io.recolab.report;

import io.recolab.analysis.ResultsReport;
import io.recolab.analysis.SliceReport;
import io.recolab.charts.ChartSeries;
import io.recolab.charts.EffectIntervals;
import io.recolab.charts.ExperimentCharts;
import io.recolab.charts.IntervalCharts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An experiment's results (every metric: treatments, lifts with intervals, p-values, the
 * sample-ratio check, the effect chart and the three charts over time inline as SVG; optionally
 * each slice dimension with its forest plot) as one self-contained HTML page. {@code simulate --out}
 * writes it for a replayed experiment; {@code GET /api/v1/experiments/{key}/report.html} serves it.
 */
public final class ResultsHtml {
    private ResultsHtml() {
    }

    /** @param notes lines said before the tables (the data, the period, the counts) */
    public static String page(String title, List<String> notes, List<ResultsReport> reports) {
        return page(title, notes, reports, List.of());
    }

    /** @param slices the results by each slice dimension, after the metrics */
    public static String page(String title, List<String> notes, List<ResultsReport> reports, List<SliceReport> slices) {
        return page(title, List.of(), notes, reports, slices);
    }

    /** @param alerts said first, as warnings (a guardrail breach, an automatic pause: analysis.AutoPauseState) */
    public static String page(String title, List<String> alerts, List<String> notes, List<ResultsReport> reports,
                              List<SliceReport> slices) {
        HtmlPage page = new HtmlPage(title);
        for (String alert : alerts) {
            page.warning(alert);
        }
        if (!notes.isEmpty()) {
            page.list(notes);
        }
        for (ResultsReport r : reports) {
            page.heading(2, "Metric " + r.metric() + " (" + r.metricType() + ", " + r.windowDays() + "-day window)");
            page.paragraph(r.test() + " test, " + r.correction() + " correction, alpha " + r.alpha()
                    + "; each treatment against the control " + r.treatments().get(0).name() + ".");
            ResultsReport.Srm srm = r.srm();
            if (srm.mismatch()) {
                page.warning("Sample ratio mismatch (p = " + p(srm.pValue()) + "): the treatments did not get the units"
                        + " their weights ask for; do not trust these results.");
            } else {
                page.paragraph("Sample ratio check: " + (srm.pValue() == null ? srm.message()
                        : "chi-square " + String.format(Locale.ROOT, "%.3f", srm.chiSquare()) + ", p = " + p(srm.pValue())
                        + ", no mismatch."));
            }
            page.table(List.of("treatment", "recommender", "units", "binomial".equals(r.metricType()) ? "conversions" : "sum",
                    "mean", "relative lift", "95% CI", "absolute lift", "p-value", "adjusted p", "significant"), rows(r));
            ResultsReport.Cuped cuped = r.kind() == null ? null : r.kind().cuped();
            if (cuped != null) {
                page.paragraph("CUPED on " + cuped.covariate() + " in the " + cuped.windowDays() + " days before exposure: variance"
                        + " reduction " + cuped.comparisons().stream().map(c -> c.treatment() + " " + (c.varianceReduction() == null
                        ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * c.varianceReduction()))).collect(Collectors.joining(", "))
                        + "; the chart shows the plain interval beside the adjusted one.");
            }
            if (!r.comparisons().isEmpty()) {
                page.chart(IntervalCharts.svg(EffectIntervals.of(r), false), "Each treatment's relative lift over the control"
                        + " with its interval, as in the table");
            }
            ChartSeries series = new ChartSeries(r);
            for (String chart : ExperimentCharts.NAMES) {
                page.chart(ExperimentCharts.svg(chart, series, false), caption(chart, r));
            }
        }
        for (SliceReport s : slices) {
            page.heading(2, "Metric " + s.metric() + " by " + s.dimension());
            page.paragraph("Each slice compared as the whole experiment (" + s.test() + " test, alpha " + s.alpha() + "); p-values"
                    + " adjusted with " + s.correction() + " over all " + s.familySize() + " slice comparisons; a sample-ratio"
                    + " check per slice." + (s.message() == null ? "" : " " + s.message()));
            List<List<String>> rows = new ArrayList<>();
            for (SliceReport.Slice slice : s.slices()) {
                for (ResultsReport.ComparisonView c : slice.comparisons()) {
                    rows.add(List.of(slice.value(), c.treatment(), slice.treatments().stream()
                                    .map(t -> Long.toString(t.units())).collect(Collectors.joining(" / ")),
                            c.relativeLift() == null ? "-" : percent(c.relativeLift()), ci(c.relativeCi()), p(c.pValue()),
                            p(c.adjustedPValue()), slice.srm().mismatch() ? "mismatch (p = " + p(slice.srm().pValue()) + ")"
                                    : slice.srm().pValue() == null ? "-" : "ok"));
                }
            }
            page.table(List.of("slice", "treatment", "units per treatment", "relative lift", "95% CI", "p-value",
                    "adjusted across slices", "sample ratio"), rows);
            if (!rows.isEmpty()) {
                page.chart(IntervalCharts.svg(EffectIntervals.of(s), false), "Relative lift by " + s.dimension()
                        + ", one row per slice and treatment; [SRM] marks a slice whose split is off");
            }
        }
        return page.render();
    }

    private static List<List<String>> rows(ResultsReport r) {
        Map<String, ResultsReport.ComparisonView> byTreatment = r.comparisons().stream()
                .collect(Collectors.toMap(ResultsReport.ComparisonView::treatment, Function.identity()));
        List<List<String>> rows = new ArrayList<>();
        for (ResultsReport.TreatmentResult t : r.treatments()) {
            ResultsReport.ComparisonView c = byTreatment.get(t.name());
            String amount = "binomial".equals(r.metricType()) ? Long.toString(t.conversions())
                    : String.format(Locale.ROOT, "%.2f", t.sum());
            List<String> row = new ArrayList<>(List.of(t.name(), t.recommender(), Long.toString(t.units()), amount,
                    String.format(Locale.ROOT, "%.4f", t.mean())));
            if (c == null) {
                row.addAll(List.of("(control)", "", "", "", "", ""));
            } else if (c.relativeLift() == null) {
                row.addAll(List.of("-", "-", "-", "-", "-", c.message() == null ? "" : c.message()));
            } else {
                row.addAll(List.of(percent(c.relativeLift()), ci(c.relativeCi()),
                        String.format(Locale.ROOT, "%+.4f", c.absoluteLift()), p(c.pValue()), p(c.adjustedPValue()),
                        Boolean.TRUE.equals(c.significant()) ? "yes" : "no"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String caption(String chart, ResultsReport r) {
        return switch (chart) {
            case "cumulative" -> "Cumulative " + r.metric() + " per treatment";
            case "lift" -> "Relative lift over the control by day, with its interval";
            default -> "Newly exposed units per treatment and day";
        };
    }

    private static String ci(List<Double> ci) {
        return ci == null ? "-" : "[" + (ci.get(0) == null ? "open" : percent(ci.get(0))) + ", "
                + (ci.get(1) == null ? "open" : percent(ci.get(1))) + "]";
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%+.2f%%", 100 * v);
    }

    private static String p(Double p) {
        if (p == null) {
            return "-";
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
