package io.recolab.simulate;

import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.ComparisonResult;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.SampleRatio;
import io.recolab.stats.SufficientStats;
import io.recolab.stats.TestType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A replay's results per metric, computed like the results page: per-treatment sufficient statistics, the
 * statistics engine's comparisons of each treatment with the control (relative lift, Welch's t, Holm across
 * treatments, alpha 0.05) and the sample-ratio check against the weights.
 */
public record ReplayResults(String experiment, MetricSpec metric, List<Row> treatments, ComparisonResult comparison,
                            SampleRatio.Result srm) {
    public record Row(String name, String recommender, long units, double conversions, double mean) {
    }

    public static List<ReplayResults> of(ExperimentDefinition definition, Tally tally) {
        List<ReplayResults> out = new ArrayList<>();
        for (MetricSpec metric : definition.metrics()) {
            out.add(of(definition, metric, tally.stats(metric)));
        }
        return out;
    }

    public static ReplayResults of(ExperimentDefinition definition, MetricSpec metric, SufficientStats[] stats) {
        List<Row> rows = new ArrayList<>();
        List<Arm> arms = new ArrayList<>();
        long[] observed = new long[stats.length];
        double[] weights = new double[stats.length];
        for (int t = 0; t < stats.length; t++) {
            Treatment treatment = definition.treatments().get(t);
            rows.add(new Row(treatment.name(), treatment.recommender(), stats[t].n(), stats[t].sum(), stats[t].mean()));
            arms.add(new Arm(treatment.name(), stats[t], null, null));
            observed[t] = stats[t].n();
            weights[t] = treatment.weight();
        }
        MetricType type = metric.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
        ComparisonResult comparison = Analyzer.compare(ComparisonRequest.of(type, TestType.FREQUENTIST,
                ComparisonRequest.DEFAULT_ALPHA, Correction.HOLM, arms));
        return new ReplayResults(definition.key(), metric, rows, comparison, SampleRatio.test(observed, weights));
    }

    /** The comparison of treatment {@code name} with the control, or null for the control itself. */
    public Comparison comparisonOf(String name) {
        return comparison.comparisons().stream().filter(c -> c.treatment().equals(name)).findFirst().orElse(null);
    }

    /** The results table as aligned text. */
    public String table() {
        int width = Math.max(9, treatments.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int recWidth = Math.max(11, treatments.stream().mapToInt(r -> r.recommender().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "metric %s (%s, %d-day window)%n", metric.name(), metric.type().wireName(),
                metric.windowDays()));
        out.append(String.format(Locale.ROOT, "%-" + width + "s %-" + recWidth + "s %8s %11s %8s %9s %-20s %10s %9s %9s %s%n",
                "treatment", "recommender", "units", "conversions", "mean", "rel. lift", "95% CI", "abs. lift", "p-value",
                "Holm p", "significant"));
        for (Row r : treatments) {
            Comparison c = comparisonOf(r.name());
            String tail = c == null ? "(control)" : c.relativeLift() == null
                    ? String.format(Locale.ROOT, "%9s %-20s %10s %9s %9s %s", "-", "-", "-", "-", "-",
                    c.message() == null ? "" : c.message())
                    : String.format(Locale.ROOT, "%+8.2f%% %-20s %+10.4f %9s %9s %s", 100 * c.relativeLift(),
                    ci(c.relativeCi()), c.absoluteLift(), p(c.pValue()), p(c.adjustedPValue()),
                    Boolean.TRUE.equals(c.significant()) ? "yes" : "no");
            out.append(String.format(Locale.ROOT, "%-" + width + "s %-" + recWidth + "s %8d %11s %8.4f %s%n", r.name(),
                    r.recommender(), r.units(), number(r.conversions()), r.mean(), tail));
        }
        out.append(String.format(Locale.ROOT, "SRM: %s%n", srm.pValue() == null ? srm.message()
                : String.format(Locale.ROOT, "chi-square %.3f, p = %s, %s", srm.chiSquare(), p(srm.pValue()),
                srm.mismatch() ? "MISMATCH (p < 0.001): do not trust these results" : "no mismatch")));
        return out.toString();
    }

    private static String ci(List<Double> ci) {
        if (ci == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "[%s, %s]", percent(ci.get(0)), percent(ci.get(1)));
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

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
