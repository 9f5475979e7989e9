package io.recolab.analysis;

import io.recolab.domain.DomainError;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.MultipleTesting;
import io.recolab.stats.SampleRatio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results by slice (issue 22.8), from the per-slice rollups alone (O(values x treatments) rows).
 * Each slice value gets the comparisons of the whole experiment, computed without a correction of
 * their own; then one correction (the caller's, Holm by default) runs over the raw p-values of
 * every (slice, treatment) comparison of the dimension, so that the verdicts stay valid however
 * many slices are looked at. Slices with no test possible (too few units) are not in the family.
 */
public final class SliceResults {
    private final Catalog catalog;
    private final RollupReader reader;

    public SliceResults(Catalog catalog, RollupReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    public SliceReport compute(String key, String metricName, String dimension, Results.Options options) {
        Catalog.Entry entry = catalog.get(key).orElseThrow(() -> DomainError.notFound("no experiment '" + key + "'"));
        ExperimentDefinition d = entry.definition();
        if (!d.slices().contains(dimension)) {
            throw DomainError.notFound("experiment '" + key + "' has no slice '" + dimension + "'; its slices: " + d.slices());
        }
        MetricSpec metric = metricName == null ? d.primaryMetric() : d.metrics().stream()
                .filter(m -> m.name().equals(metricName)).findFirst()
                .orElseThrow(() -> DomainError.notFound("experiment '" + key + "' has no metric '" + metricName + "'"));
        MetricType type = metric.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
        Map<String, Map<String, RollupReader.SliceCell>> byValue = new LinkedHashMap<>();
        for (RollupReader.SliceCell cell : reader.readSlices(key, dimension, metric.name())) {
            byValue.computeIfAbsent(cell.value(), v -> new LinkedHashMap<>()).put(cell.treatment(), cell);
        }
        List<String> values = new ArrayList<>(byValue.keySet());
        List<List<ResultsReport.TreatmentResult>> treatments = new ArrayList<>();
        List<List<Comparison>> raw = new ArrayList<>();
        List<ResultsReport.Srm> srms = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String value : values) {
            Map<String, RollupReader.SliceCell> cells = byValue.get(value);
            List<ResultsReport.TreatmentResult> rows = new ArrayList<>();
            List<Arm> arms = new ArrayList<>();
            long[] observed = new long[d.treatments().size()];
            double[] weights = new double[d.treatments().size()];
            for (int i = 0; i < d.treatments().size(); i++) {
                Treatment t = d.treatments().get(i);
                RollupReader.SliceCell c = cells.get(t.name());
                long n = c == null ? 0 : c.units();
                long converted = c == null ? 0 : c.converted();
                ArmTotals totals = new ArmTotals();
                if (c != null) {
                    totals.add(c.units(), c.converted(), c.exactSum(), c.exactSumSquares());
                }
                // The exact decimals (V25) give the variance: issue 22.4.
                io.recolab.stats.SufficientStats stats = totals.stats(type);
                double sum = stats.sum();
                double squares = stats.sumSquares();
                rows.add(new ResultsReport.TreatmentResult(t.name(), t.recommender(), t.weight(), n, converted, sum, squares,
                        n == 0 ? 0 : sum / n));
                arms.add(new Arm(t.name(), stats, null, null));
                observed[i] = n;
                weights[i] = t.weight();
            }
            treatments.add(rows);
            List<Comparison> compared;
            try {
                compared = Analyzer.compare(ComparisonRequest.of(type, options.test(), options.alpha(), Correction.NONE, arms))
                        .comparisons();
            } catch (IllegalArgumentException e) {
                compared = null;
                failures.add(value + ": " + e.getMessage());
            }
            raw.add(compared);
            SampleRatio.Result srm = SampleRatio.test(observed, weights);
            srms.add(new ResultsReport.Srm(srm.pValue(), srm.mismatch(), srm.chiSquare(), srm.message()));
        }
        // The family: every (slice, treatment) comparison with a p-value.
        Double[][] p = new Double[values.size()][];
        for (int s = 0; s < values.size(); s++) {
            List<Comparison> cs = raw.get(s);
            p[s] = new Double[d.treatments().size() - 1];
            for (int t = 0; cs != null && t < cs.size(); t++) {
                p[s][t] = cs.get(t).pValue();
            }
        }
        Double[][] adjusted = MultipleTesting.adjustFamily(options.correction(), p);
        int familySize = 0;
        List<SliceReport.Slice> slices = new ArrayList<>();
        for (int s = 0; s < values.size(); s++) {
            List<ResultsReport.ComparisonView> views = new ArrayList<>();
            List<Comparison> cs = raw.get(s);
            for (int t = 0; t < d.treatments().size() - 1; t++) {
                String name = d.treatments().get(t + 1).name();
                if (cs == null) {
                    views.add(new ResultsReport.ComparisonView(name, null, null, null, null, null, null, null, null, null,
                            null, "no comparison in this slice"));
                    continue;
                }
                Comparison c = cs.get(t);
                Double q = adjusted[s][t];
                familySize += q == null ? 0 : 1;
                Boolean significant = q == null || c.warning() != null ? null : q < options.alpha();
                views.add(new ResultsReport.ComparisonView(c.treatment(), c.relativeLift(), c.relativeCi(), c.absoluteLift(),
                        c.absoluteCi(), c.pValue(), q, significant, c.chanceToWin(), c.controlMean(), c.treatmentMean(),
                        c.message(), c.warning()));
            }
            slices.add(new SliceReport.Slice(values.get(s), treatments.get(s), views, srms.get(s)));
        }
        String message = values.isEmpty() ? "no exposure recorded a value of '" + dimension + "' yet"
                : failures.isEmpty() ? null : "no comparison for " + failures;
        return new SliceReport(key, metric.name(), metric.type().wireName(), dimension, wire(options.test()),
                wire(options.correction()), options.alpha(), familySize, slices, message);
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
