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
}
