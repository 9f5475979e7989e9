package io.recolab.export;

import io.recolab.analysis.ResultsReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The results table: one row per treatment and metric with every statistic of the results page.
 * The control's comparison cells are empty. The first 21 columns are the historical
 * {@code ?format=csv} header; later columns were added after them so old readers keep working
 * (the last nine, issue 22.7: how the metric was analysed, and CUPED's variance reduction).
 */
public final class ResultsRows {
    public static final List<String> COLUMNS = List.of("experiment", "metric", "treatment", "recommender", "units",
            "conversions", "sum", "sum_squares", "mean", "relative_lift", "relative_ci_low", "relative_ci_high",
            "absolute_lift", "absolute_ci_low", "absolute_ci_high", "p_value", "adjusted_p_value", "significant",
            "chance_to_win", "srm_p_value", "srm_mismatch", "srm_chi_square", "metric_type", "window_days", "weight",
            "control_mean", "treatment_mean", "test", "correction", "alpha", "status", "message", "mean_ci_low",
            "mean_ci_high", "mean_ci_method", "warning", "analysed_from", "ratio_numerator", "ratio_denominator",
            "cap_percentile", "cap_value", "capped_units", "cuped_covariate", "cuped_theta", "variance_reduction");

    private ResultsRows() {
    }

    public static void write(ResultsReport r, Rows rows) throws IOException {
        Map<String, ResultsReport.ComparisonView> byTreatment = r.comparisons().stream()
                .collect(Collectors.toMap(ResultsReport.ComparisonView::treatment, Function.identity()));
        ResultsReport.MetricKind kind = r.kind();
        ResultsReport.Cap cap = cap(r);
        ResultsReport.Cuped cuped = kind == null ? null : kind.cuped();
        for (ResultsReport.TreatmentResult t : r.treatments()) {
            ResultsReport.ComparisonView c = byTreatment.get(t.name());
            boolean control = c == null;
            // CUPED: each comparison's theta and variance reduction, on the treatment's row (none on the control's).
            ResultsReport.Reduction reduction = cuped == null || control ? null : cuped.comparisons().stream()
                    .filter(x -> x.treatment().equals(t.name())).findFirst().orElse(null);
            rows.row(r.experiment(), r.metric(), t.name(), t.recommender(), t.units(), t.conversions(), t.sum(),
                    t.sumSquares(), t.mean(),
                    control ? null : c.relativeLift(), control ? null : bound(c.relativeCi(), 0),
                    control ? null : bound(c.relativeCi(), 1), control ? null : c.absoluteLift(),
                    control ? null : bound(c.absoluteCi(), 0), control ? null : bound(c.absoluteCi(), 1),
                    control ? null : c.pValue(), control ? null : c.adjustedPValue(), control ? null : c.significant(),
                    control ? null : c.chanceToWin(), r.srm().pValue(), r.srm().mismatch(), r.srm().chiSquare(),
                    r.metricType(), r.windowDays(), t.weight(), control ? null : c.controlMean(),
                    control ? null : c.treatmentMean(), r.test(), r.correction(), r.alpha(), r.status(),
                    control ? null : c.message(), bound(t.meanCi(), 0), bound(t.meanCi(), 1), t.meanCiMethod(),
                    control ? null : c.warning(), kind == null ? null : kind.source(),
                    kind == null ? null : kind.numerator(), kind == null ? null : kind.denominator(),
                    cap == null ? null : cap.percentile(), cap == null ? null : cap.value(),
                    cap == null ? null : cap.cappedUnits(), cuped == null ? null : cuped.covariate(),
                    reduction == null ? null : reduction.theta(), reduction == null ? null : reduction.varianceReduction());
        }
    }

    /** The cap of the metric itself, else a ratio's numerator's (the series a reader most wants to see). */
    private static ResultsReport.Cap cap(ResultsReport r) {
        if (r.kind() == null || r.kind().caps().isEmpty()) {
            return null;
        }
        return r.kind().caps().stream().filter(c -> c.metric().equals(r.metric())).findFirst()
                .orElse(r.kind().caps().get(0));
    }

    /** One metric's table as CSV text: {@code results?format=csv} and {@code simulate --out}. */
    public static String csv(ResultsReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Rows rows = Rows.open(ExportFormat.CSV, COLUMNS, out)) {
            write(r, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Double bound(List<Double> ci, int i) {
        return ci == null ? null : ci.get(i);
    }
}
