package io.recolab.analysis;

import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.domain.DomainError;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.ArmInterval;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.ComparisonResult;
import io.recolab.stats.Correction;
import io.recolab.stats.Guardrail;
import io.recolab.stats.MetricType;
import io.recolab.stats.MultipleTesting;
import io.recolab.stats.SampleRatio;
import io.recolab.stats.SufficientStats;
import io.recolab.stats.TestType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes an experiment's results from the daily rollups alone, so the cost is O(treatments x
 * days) whatever the number of events, and hands the sufficient statistics to the statistics
 * engine ({@link Analyzer}, {@link SampleRatio}).
 */
public final class Results {
    /** How to compare; the house defaults of CONTRACT §6 unless the caller asks otherwise. */
    public record Options(TestType test, Correction correction, double alpha) {
        public Options {
            if (test == null || correction == null || !(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("test and correction are required and alpha must be in (0, 1), got "
                        + test + ", " + correction + ", " + alpha);
            }
        }

        public static final Options DEFAULT = new Options(TestType.FREQUENTIST, Correction.HOLM, ComparisonRequest.DEFAULT_ALPHA);
    }

    private final Catalog catalog;
    private final RollupReader reader;
    private final UnitReader units;
    /** The Spark results job's CUPED sums, when it wrote any (null: always read each unit). */
    private final JobPrePeriodReader jobPrePeriod;

    private final SliceResults slices;

    public Results(Catalog catalog, RollupReader reader) {
        this(catalog, reader, reader.units(), reader.jobPrePeriod());
    }

    public Results(Catalog catalog, RollupReader reader, UnitReader units) {
        this(catalog, reader, units, null);
    }

    public Results(Catalog catalog, RollupReader reader, UnitReader units, JobPrePeriodReader jobPrePeriod) {
        this.catalog = catalog;
        this.reader = reader;
        this.units = units;
        this.jobPrePeriod = jobPrePeriod;
        this.slices = new SliceResults(catalog, reader);
    }

    /** The experiment's definition as the catalog holds it now (the printable report lists its metrics and slices). */
    public ExperimentDefinition definition(String key) {
        return catalog.get(key).orElseThrow(() -> DomainError.notFound("no experiment '" + key + "'")).definition();
    }

    /** The results of one metric broken down by one slice dimension of the definition (issue 22.8). */
    public SliceReport slices(String key, String metricName, String dimension, Options options) {
        return slices.compute(key, metricName, dimension, options);
    }

    public ResultsReport compute(String key, String metricName, Options options) {
        Catalog.Entry entry = catalog.get(key).orElseThrow(() -> DomainError.notFound("no experiment '" + key + "'"));
        ExperimentDefinition d = entry.definition();
        MetricSpec metric = metricName == null ? d.primaryMetric() : d.metrics().stream()
                .filter(m -> m.name().equals(metricName)).findFirst()
                .orElseThrow(() -> DomainError.notFound("experiment '" + key + "' has no metric '" + metricName + "'; its metrics: "
                        + d.metrics().stream().map(MetricSpec::name).toList()));
        ResultsReport r = single(key, entry, metric, options);
        return new ResultsReport(r.experiment(), r.metric(), r.metricType(), r.windowDays(), r.status(), r.test(),
                r.correction(), r.alpha(), r.treatments(), r.comparisons(), r.srm(), r.daily(), r.excluded(), r.metricRole(),
                guardrails(key, entry.definition(), options.alpha()), r.kind(), family(key, entry, options),
                r.excludedConversions());
    }

    /**
     * One metric's report, without what concerns the whole definition (guardrails, the family
     * correction): the family reads every metric's report, and those parts would be read once per metric.
     */
    /** Each treatment's comparison with the control left empty, saying why. */
    private static List<ResultsReport.ComparisonView> noComparison(List<Arm> arms, String why) {
        return arms.subList(1, arms.size()).stream().map(a -> new ResultsReport.ComparisonView(a.name(), null,
                null, null, null, null, null, null, null, null, null, why)).toList();
    }

    private ResultsReport single(String key, Catalog.Entry entry, MetricSpec metric, Options options) {
        ExperimentDefinition d = entry.definition();
        List<RollupReader.Cell> cells = reader.read(key, metric.name());
        Map<String, ArmTotals> totals = new HashMap<>();
        List<DailyRow> daily = new ArrayList<>();
        for (RollupReader.Cell cell : cells) {
            if (cell.units() == 0 && cell.converted() == 0 && cell.sum() == 0 && cell.sumSquares() == 0) {
                continue; // a day emptied when its units' first exposure moved earlier
            }
            ArmTotals a = totals.computeIfAbsent(cell.treatment(), t -> new ArmTotals());
            a.add(cell);
            daily.add(new DailyRow(cell.day(), cell.treatment(), cell.units(), cell.converted(), cell.sum(), cell.sumSquares(),
                    a.units(), a.converted(), a.sum(), a.sumSquares(), a.units() == 0 ? 0 : a.sum() / a.units()));
        }
        List<ResultsReport.TreatmentResult> treatments = new ArrayList<>();
        List<Arm> arms = new ArrayList<>();
        long[] observed = new long[d.treatments().size()];
        double[] weights = new double[d.treatments().size()];
        MetricType type = metric.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
        UnitMetric.Outcome unitLevel = null;
        String unitsElsewhere = null;
        if (metric.unitLevel()) {
            // The job's per-day CUPED sums while they still describe the rollups' events; else each unit.
            unitLevel = jobPrePeriod == null ? null : jobPrePeriod.outcome(key, d, metric, cells);
            unitsElsewhere = unitLevel != null || units == null ? null : units.notStored(key).orElse(null);
            unitLevel = unitLevel != null || unitsElsewhere != null ? unitLevel : UnitMetric.compute(key, d, metric, units);
        }
        if (unitLevel != null) {
            type = unitLevel.type();
            if (unitLevel.daily() != null) {
                daily = unitLevel.daily();
            }
        }
        for (int i = 0; unitLevel != null && i < d.treatments().size(); i++) {
            Treatment t = d.treatments().get(i);
            Arm arm = unitLevel.arms().get(i);
            treatments.add(unitTreatment(t, arm, unitLevel.converted()[i], type, options.alpha()));
            arms.add(arm);
            observed[i] = arm.stats().n();
            weights[i] = t.weight();
        }
        for (int i = 0; unitLevel == null && i < d.treatments().size(); i++) {
            Treatment t = d.treatments().get(i);
            ArmTotals a = totals.getOrDefault(t.name(), new ArmTotals());
            long[] n = {a.units(), a.converted()};
            // Binomial: the per-unit values are 0/1, so sum = sumSquares = converted units exactly.
            SufficientStats stats = a.stats(type);
            double sum = stats.sum();
            double sumSquares = stats.sumSquares();
            double[] ci = type == MetricType.BINOMIAL ? ArmInterval.wilson(n[1], n[0], options.alpha())
                    : ArmInterval.mean(stats, options.alpha());
            treatments.add(new ResultsReport.TreatmentResult(t.name(), t.recommender(), t.weight(), n[0], n[1], sum,
                    sumSquares, n[0] == 0 ? 0 : sum / n[0], ci == null ? null : List.of(ci[0], ci[1]),
                    type == MetricType.BINOMIAL ? "wilson" : "t"));
            arms.add(new Arm(t.name(), stats, null, null));
            observed[i] = n[0];
            weights[i] = t.weight();
        }
        List<ResultsReport.ComparisonView> comparisons;
        ResultsReport.Cuped cuped = null;
        if (unitsElsewhere != null) {
            // The rollups' plain totals are shown; the per-unit comparison cannot be made from them.
            String why = "no comparison: '" + metric.name() + "' is computed per unit (capped, CUPED or ratio) and " + unitsElsewhere
                    + (metric.cuped() != null ? "; the Spark ResultsJob's pre-period sums (job_pre_period) would provide it" : "");
            comparisons = noComparison(arms, why);
        } else {
            try {
                ComparisonResult compared = Analyzer.compare(ComparisonRequest.of(type, options.test(), options.alpha(),
                        options.correction(), arms));
                comparisons = compared.comparisons().stream().map(Results::view).toList();
                if (metric.cuped() != null) {
                    // The plain comparison of the same units, for the raw interval beside the adjusted one.
                    List<Comparison> plain = Analyzer.compare(ComparisonRequest.of(type, options.test(), options.alpha(),
                            options.correction(), arms.stream().map(a -> new Arm(a.name(), a.stats(), null, a.denominator(),
                                    a.sumCubes())).toList())).comparisons();
                    List<ResultsReport.Reduction> reductions = new ArrayList<>();
                    for (int i = 0; i < compared.comparisons().size(); i++) {
                        Comparison c = compared.comparisons().get(i);
                        reductions.add(new ResultsReport.Reduction(c.treatment(), c.theta(), c.varianceReduction(),
                                plain.get(i).relativeLift(), plain.get(i).relativeCi()));
                    }
                    cuped = new ResultsReport.Cuped(metric.cuped().wireName(), metric.windowDays(),
                            unitLevel.unitsWithCovariate(), reductions);
                }
            } catch (IllegalArgumentException e) {
                // Sums the engine refuses (e.g. rounding past its Cauchy-Schwarz slack) still leave the
                // totals and daily rows worth showing; say why there is no comparison.
                comparisons = noComparison(arms, "no comparison: " + e.getMessage());
            }
        }
        SampleRatio.Result srm = SampleRatio.test(observed, weights);
        MetricSpec.Role role = role(d, metric);
        RollupReader.Excluded excluded = reader.excluded(key);
        return new ResultsReport(key, metric.name(), metric.type().wireName(), metric.windowDays(),
                entry.experiment().status().wireName(), wire(options.test()), wire(options.correction()), options.alpha(),
                treatments, comparisons, new ResultsReport.Srm(srm.pValue(), srm.mismatch(), srm.chiSquare(), srm.message()),
                daily, excluded.exposures(), role.wireName(), List.of(),
                new ResultsReport.MetricKind(metric.type().wireName(), unitLevel == null ? "rollups" : "units",
                        metric.ratio() == null ? null : metric.ratio().numerator(),
                        metric.ratio() == null ? null : metric.ratio().denominator(),
                        unitLevel == null ? List.of() : unitLevel.caps(), cuped), null, excluded.conversions());
    }

    /**
     * A treatment's row from its unit-level arm. The mean is the plain (capped) mean, or the ratio
     * sum(Y)/sum(X); CUPED changes the lifts, not a treatment's own mean. Interval: Wilson, Student's
     * t, or the ratio's delta-method interval ("delta").
     */
    private static ResultsReport.TreatmentResult unitTreatment(Treatment t, Arm arm, long converted, MetricType type,
                                                              double alpha) {
        long n = arm.stats().n();
        double sum = arm.stats().sum();
        double squares = arm.stats().sumSquares();
        double[] ci;
        double mean;
        String method;
        if (type == MetricType.RATIO) {
            double den = arm.denominator().denominatorSum();
            mean = den == 0 ? 0 : sum / den;
            ci = ArmInterval.ratio(new io.recolab.stats.RatioStats(n, sum, squares, den,
                    arm.denominator().denominatorSumSquares(), arm.denominator().sumProducts()), alpha);
            method = "delta";
        } else {
            mean = n == 0 ? 0 : sum / n;
            ci = type == MetricType.BINOMIAL ? ArmInterval.wilson(converted, n, alpha)
                    : ArmInterval.mean(new SufficientStats(n, sum, squares), alpha);
            method = type == MetricType.BINOMIAL ? "wilson" : "t";
        }
        return new ResultsReport.TreatmentResult(t.name(), t.recommender(), t.weight(), n, converted, sum, squares, mean,
                ci == null ? null : List.of(ci[0], ci[1]), method);
    }

    /** The role a metric plays: as stated, else primary for the definition's primary metric, secondary otherwise. */
    static MetricSpec.Role role(ExperimentDefinition d, MetricSpec metric) {
        return metric.role() != null ? metric.role()
                : metric.equals(d.primaryMetric()) ? MetricSpec.Role.PRIMARY : MetricSpec.Role.SECONDARY;
    }

    /**
     * The family correction (ResultsReport.Family): raw p-values of every treatment on every primary
     * and secondary metric, one correction over all of them. Reads each such metric's rollups once.
     */
    private ResultsReport.Family family(String key, Catalog.Entry entry, Options options) {
        ExperimentDefinition d = entry.definition();
        List<MetricSpec> metrics = d.metrics().stream().filter(m -> role(d, m) != MetricSpec.Role.GUARDRAIL).toList();
        Double[][] p = new Double[metrics.size()][];
        for (int m = 0; m < metrics.size(); m++) {
            p[m] = rawPValues(key, entry, metrics.get(m), options);
        }
        Double[][] adjusted = MultipleTesting.adjustFamily(options.correction(), p);
        List<ResultsReport.FamilyMember> members = new ArrayList<>();
        int size = 0;
        for (int m = 0; m < metrics.size(); m++) {
            for (int t = 0; t < p[m].length; t++) {
                Double q = adjusted[m][t];
                size += q == null ? 0 : 1;
                members.add(new ResultsReport.FamilyMember(metrics.get(m).name(), role(d, metrics.get(m)).wireName(),
                        d.treatments().get(t + 1).name(), p[m][t], q, q == null ? null : q < options.alpha()));
            }
        }
        return new ResultsReport.Family(wire(options.correction()), size,
                "every treatment against the control on every primary and secondary metric, corrected as one list ("
                        + wire(options.correction()) + "); guardrails are watched apart with a one-sided sequential check",
                members);
    }

    /**
     * Each treatment's uncorrected p-value on one metric, as that metric's own report computes it (its
     * kind: capped, CUPED or ratio included); null where no test is possible.
     */
    private Double[] rawPValues(String key, Catalog.Entry entry, MetricSpec metric, Options options) {
        ResultsReport r = single(key, entry, metric, new Options(options.test(), Correction.NONE, options.alpha()));
        Double[] out = new Double[entry.definition().treatments().size() - 1];
        for (int i = 0; i < out.length && i < r.comparisons().size(); i++) {
            out[i] = r.comparisons().get(i).pValue();
        }
        return out;
    }

    /** The guardrails of an experiment's definition as they stand now (the automatic pause reads them). */
    public List<ResultsReport.GuardrailView> guardrails(String key, double alpha) {
        Catalog.Entry entry = catalog.get(key).orElseThrow(() -> DomainError.notFound("no experiment '" + key + "'"));
        return guardrails(key, entry.definition(), alpha);
    }

    /** Every guardrail metric of the definition, each treatment against the control, breaches first. */
    private List<ResultsReport.GuardrailView> guardrails(String key, ExperimentDefinition d, double alpha) {
        List<ResultsReport.GuardrailView> out = new ArrayList<>();
        for (MetricSpec g : d.guardrails()) {
            MetricType type = g.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
            Map<String, ArmTotals> totals = new HashMap<>();
            for (RollupReader.Cell cell : reader.read(key, g.name())) {
                totals.computeIfAbsent(cell.treatment(), x -> new ArmTotals()).add(cell);
            }
            List<Arm> arms = new ArrayList<>();
            for (Treatment t : d.treatments()) {
                arms.add(new Arm(t.name(), totals.getOrDefault(t.name(), new ArmTotals()).stats(type), null, null));
            }
            Guardrail.Harm harm = g.harm() == MetricSpec.Harm.DECREASE ? Guardrail.Harm.DECREASE : Guardrail.Harm.INCREASE;
            for (Guardrail.Check c : Guardrail.check(type, harm, alpha, ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING,
                    arms.get(0), arms.subList(1, arms.size()))) {
                out.add(new ResultsReport.GuardrailView(g.name(), g.harm().wireName(), c.treatment(), c.absoluteLift(),
                        c.sequence(), c.breached(), c.message()));
            }
        }
        out.sort(java.util.Comparator.comparing((ResultsReport.GuardrailView v) -> !v.breached()));
        return out;
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A comparison whose normal approximation cannot be trusted (SkewCheck: skewed values, unequal
     * arms) keeps its numbers but gets no verdict: significant is null and the message says why,
     * which the page shows in the verdict's place.
     */
    private static ResultsReport.ComparisonView view(Comparison c) {
        Boolean significant = c.warning() == null ? c.significant() : null;
        String message = c.warning() == null ? c.message()
                : "No verdict: " + c.warning() + (c.message() == null ? "" : "; " + c.message());
        return new ResultsReport.ComparisonView(c.treatment(), c.relativeLift(), c.relativeCi(), c.absoluteLift(),
                c.absoluteCi(), c.pValue(), c.adjustedPValue(), significant, c.chanceToWin(), c.controlMean(),
                c.treatmentMean(), message, c.warning());
    }
}
