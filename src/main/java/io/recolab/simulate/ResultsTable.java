package io.recolab.simulate;

import io.recolab.analysis.ResultsReport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The results page of one metric as aligned text: treatments, lift against the control with its interval, SRM. */
public final class ResultsTable {
    private ResultsTable() {
    }

    public static String render(ResultsReport r) {
        Map<String, ResultsReport.ComparisonView> byTreatment = r.comparisons().stream()
                .collect(Collectors.toMap(ResultsReport.ComparisonView::treatment, Function.identity()));
        int width = Math.max(9, r.treatments().stream().mapToInt(t -> t.name().length()).max().orElse(0));
        int recWidth = Math.max(11, r.treatments().stream().mapToInt(t -> t.recommender().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "metric %s (%s, %d-day window; %s, %s correction, alpha %s)%n", r.metric(),
                r.metricType(), r.windowDays(), r.test(), r.correction(), r.alpha()));
        out.append(String.format(Locale.ROOT, "%-" + width + "s %-" + recWidth + "s %8s %11s %8s %9s %-20s %10s %9s %9s %s%n",
                "treatment", "recommender", "units", "conversions", "mean", "rel. lift", "95% CI", "abs. lift", "p-value",
                "adj. p", "significant"));
        for (ResultsReport.TreatmentResult t : r.treatments()) {
            ResultsReport.ComparisonView c = byTreatment.get(t.name());
            String tail;
            if (c == null) {
                tail = "(control)";
            } else if (c.relativeLift() == null) {
                tail = String.format(Locale.ROOT, "%9s %-20s %10s %9s %9s %s", "-", "-", "-", "-", "-",
                        c.message() == null ? "" : c.message());
            } else {
                tail = String.format(Locale.ROOT, "%+8.2f%% %-20s %+10.4f %9s %9s %s", 100 * c.relativeLift(),
                        ci(c.relativeCi()), c.absoluteLift(), p(c.pValue()), p(c.adjustedPValue()),
                        Boolean.TRUE.equals(c.significant()) ? "yes" : "no");
            }
            String conversions = "binomial".equals(r.metricType()) ? String.valueOf(t.conversions())
                    : String.format(Locale.ROOT, "%.2f", t.sum());
            out.append(String.format(Locale.ROOT, "%-" + width + "s %-" + recWidth + "s %8d %11s %8.4f %s%n", t.name(),
                    t.recommender(), t.units(), conversions, t.mean(), tail));
        }
        ResultsReport.Srm srm = r.srm();
        out.append("SRM: ").append(srm.pValue() == null ? srm.message()
                : String.format(Locale.ROOT, "chi-square %.3f, p = %s, %s", srm.chiSquare(), p(srm.pValue()),
                srm.mismatch() ? "MISMATCH (p < 0.001): do not trust these results" : "no mismatch")).append('\n');
        return out.toString();
    }

    private static String ci(List<Double> ci) {
        return ci == null ? "-" : String.format(Locale.ROOT, "[%s, %s]", percent(ci.get(0)), percent(ci.get(1)));
    }

    private static String percent(Double v) {
        return v == null ? "open" : String.format(Locale.ROOT, "%+.2f%%", 100 * v);
    }

    static String p(Double p) {
        if (p == null) {
            return "-";
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
