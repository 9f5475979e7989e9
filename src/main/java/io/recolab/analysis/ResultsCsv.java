package io.recolab.analysis;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code ?format=csv}: the treatments table, one row per treatment, the control's comparison fields empty. */
public final class ResultsCsv {
    public static final String HEADER = "experiment,metric,treatment,recommender,units,conversions,sum,sum_squares,mean,"
            + "relative_lift,relative_ci_low,relative_ci_high,absolute_lift,absolute_ci_low,absolute_ci_high,"
            + "p_value,adjusted_p_value,significant,chance_to_win,srm_p_value,srm_mismatch";

    private ResultsCsv() {
    }

    public static String write(ResultsReport r) {
        Map<String, ResultsReport.ComparisonView> byTreatment = r.comparisons().stream()
                .collect(Collectors.toMap(ResultsReport.ComparisonView::treatment, Function.identity()));
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (ResultsReport.TreatmentResult t : r.treatments()) {
            ResultsReport.ComparisonView c = byTreatment.get(t.name());
            out.append(String.join(",", field(r.experiment()), field(r.metric()), field(t.name()), field(t.recommender()),
                    num(t.units()), num(t.conversions()), num(t.sum()), num(t.sumSquares()), num(t.mean()),
                    c == null ? "" : num(c.relativeLift()), c == null ? "" : bound(c.relativeCi(), 0),
                    c == null ? "" : bound(c.relativeCi(), 1), c == null ? "" : num(c.absoluteLift()),
                    c == null ? "" : bound(c.absoluteCi(), 0), c == null ? "" : bound(c.absoluteCi(), 1),
                    c == null ? "" : num(c.pValue()), c == null ? "" : num(c.adjustedPValue()),
                    c == null || c.significant() == null ? "" : c.significant().toString(),
                    c == null ? "" : num(c.chanceToWin()), num(r.srm().pValue()), Boolean.toString(r.srm().mismatch())))
                    .append('\n');
        }
        return out.toString();
    }

    private static String bound(List<Double> ci, int i) {
        return ci == null ? "" : num(ci.get(i));
    }

    private static String num(Number n) {
        if (n == null) {
            return "";
        }
        if (n instanceof Long || n instanceof Integer) {
            return n.toString();
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Names are restricted patterns today; quote anyway so a future free-text field cannot break rows. */
    private static String field(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
