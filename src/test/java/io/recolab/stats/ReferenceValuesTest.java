package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Every method against values computed outside this code base. The values live in
 * src/test/resources/stats/reference.json and come from make_reference.py beside it
 * (Debian bookworm: Python 3.11.2, SciPy 1.10.1, statsmodels 0.13.5, mpmath 1.2.1, NumPy 1.24.2);
 * each case there names its source. Tolerance 1e-6 throughout.
 */
class ReferenceValuesTest {
    private static final Offset<Double> TOL = within(1e-6);

    private static ComparisonRequest request(MetricType metric, Difference difference, TestType test,
                                             Alternative alternative, JsonNode c, Correction correction) {
        return new ComparisonRequest(metric, difference, test, alternative, 0.05, 5000, correction, null,
                Reference.arm("C", c.get("control")), List.of(Reference.arm("T1", c.get("treatment"))));
    }

    private static Comparison only(ComparisonRequest r) {
        return Analyzer.compare(r).comparisons().get(0);
    }

    @Test
    void welchOnUnitLevelMeanData() {
        // Source: scipy.stats.ttest_ind(b, a, equal_var=False, alternative=...), SciPy 1.10.1.
        JsonNode c = Reference.get("welchMean");
        Comparison two = only(request(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.NONE));
        assertThat(two.absoluteLift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(two.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(two.degreesOfFreedom()).isCloseTo(c.get("df").asDouble(), TOL);
        assertThat(two.pValue()).isCloseTo(c.get("pTwoSided").asDouble(), TOL);
        assertThat(two.ci().get(0)).isCloseTo(c.get("ci").get(0).asDouble(), TOL);
        assertThat(two.ci().get(1)).isCloseTo(c.get("ci").get(1).asDouble(), TOL);
        assertThat(two.relativeLift()).isCloseTo(c.get("relativeLift").asDouble(), TOL);

        Comparison greater = only(request(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.GREATER, c, Correction.NONE));
        assertThat(greater.pValue()).isCloseTo(c.get("pGreater").asDouble(), TOL);
        assertThat(greater.ci().get(0)).isCloseTo(c.get("ciGreaterLow").asDouble(), TOL);
        assertThat(greater.ci().get(1)).isNull();
        Comparison less = only(request(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.LESS, c, Correction.NONE));
        assertThat(less.pValue()).isCloseTo(c.get("pLess").asDouble(), TOL);
        assertThat(less.ci().get(0)).isNull();
        assertThat(less.ci().get(1)).isCloseTo(c.get("ciLessHigh").asDouble(), TOL);

        // Relative lift by the delta method; reference: the CONTRACT formula evaluated in Python with
        // scipy.stats.t quantiles and tail probabilities.
        Comparison rel = only(request(MetricType.MEAN, Difference.RELATIVE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.NONE));
        assertThat(rel.lift()).isCloseTo(c.get("relativeLift").asDouble(), TOL);
        assertThat(rel.standardError()).isCloseTo(c.get("relativeSe").asDouble(), TOL);
        assertThat(rel.pValue()).isCloseTo(c.get("relativeP").asDouble(), TOL);
        assertThat(rel.ci().get(0)).isCloseTo(c.get("relativeCi").get(0).asDouble(), TOL);
        assertThat(rel.ci().get(1)).isCloseTo(c.get("relativeCi").get(1).asDouble(), TOL);
    }

    @Test
    void contractExample() {
        // Source: scipy.stats.ttest_ind_from_stats(equal_var=False) on the CONTRACT §6 example sums.
        JsonNode c = Reference.get("contractExample");
        Comparison abs = only(request(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(abs.lift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(abs.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(abs.degreesOfFreedom()).isCloseTo(c.get("df").asDouble(), TOL);
        assertThat(abs.pValue()).isCloseTo(c.get("pAbsolute").asDouble(), TOL);
        assertThat(abs.adjustedPValue()).isEqualTo(abs.pValue()); // one comparison: Holm changes nothing
        Comparison rel = only(request(MetricType.MEAN, Difference.RELATIVE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(rel.lift()).isCloseTo(c.get("relativeLift").asDouble(), TOL);
        assertThat(rel.standardError()).isCloseTo(c.get("relativeSe").asDouble(), TOL);
        assertThat(rel.pValue()).isCloseTo(c.get("pRelative").asDouble(), TOL);
        assertThat(rel.relativeCi().get(0)).isCloseTo(c.get("relativeCi").get(0).asDouble(), TOL);
        assertThat(rel.relativeCi().get(1)).isCloseTo(c.get("relativeCi").get(1).asDouble(), TOL);
    }

    @Test
    void binomialUsesBernoulliVariance() {
        // Source: scipy.stats.ttest_ind_from_stats(equal_var=False) with SD sqrt(p(1-p)).
        JsonNode c = Reference.get("binomial");
        Comparison abs = only(request(MetricType.BINOMIAL, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(abs.lift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(abs.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(abs.degreesOfFreedom()).isCloseTo(c.get("df").asDouble(), TOL);
        assertThat(abs.pValue()).isCloseTo(c.get("pAbsolute").asDouble(), TOL);
        assertThat(abs.absoluteCi().get(0)).isCloseTo(c.get("absoluteCi").get(0).asDouble(), TOL);
        assertThat(abs.absoluteCi().get(1)).isCloseTo(c.get("absoluteCi").get(1).asDouble(), TOL);
    }

    @Test
    void sequentialConfidenceSequence() {
        // Source: mpmath (50 digits) evaluation of the Waudby-Smith et al. (2021) asymptotic CS; the reference
        // script also checks by scipy.integrate.quad that Robbins' normal mixture equals 1/alpha on the
        // boundary, which pins the formula itself.
        JsonNode c = Reference.get("sequential");
        assertThat(c.get("mixtureAtBoundary").asDouble()).isCloseTo(1 / c.get("alpha").asDouble(), within(1e-6));
        double rho2 = ConfidenceSequence.rhoSquared(0.05, 5000);
        assertThat(rho2).isCloseTo(c.get("rhoSquared").asDouble(), within(1e-12));
        LiftEstimate lift = new LiftEstimate(c.get("estimate").asDouble(), c.get("standardError").asDouble(), 1e6);
        long t = c.get("units").asLong();
        assertThat(ConfidenceSequence.halfWidth(lift.standardError(), t, 0.05, rho2))
                .isCloseTo(c.get("halfWidth").asDouble(), TOL);
        assertThat(ConfidenceSequence.pValue(lift, t, rho2)).isCloseTo(c.get("pValue").asDouble(), TOL);
        JsonNode small = c.get("alphaSmall"); // alpha 0.01, N* = 20000: [rho^2, half-width, p]
        double rho2Small = ConfidenceSequence.rhoSquared(0.01, 20000);
        assertThat(rho2Small).isCloseTo(small.get(0).asDouble(), within(1e-12));
        assertThat(ConfidenceSequence.halfWidth(lift.standardError(), t, 0.01, rho2Small))
                .isCloseTo(small.get(1).asDouble(), TOL);
        assertThat(ConfidenceSequence.pValue(lift, t, rho2Small)).isCloseTo(small.get(2).asDouble(), TOL);

        // Through the Analyzer: the binomial case with test = sequential, absolute lift.
        Comparison seq = only(request(MetricType.BINOMIAL, Difference.ABSOLUTE, TestType.SEQUENTIAL,
                Alternative.TWO_SIDED, Reference.get("binomial"), Correction.HOLM));
        assertThat(seq.pValue()).isCloseTo(c.get("pValue").asDouble(), TOL);
        assertThat(seq.ci().get(1) - seq.lift()).isCloseTo(c.get("halfWidth").asDouble(), TOL);
    }

    @Test
    void bayesianPosteriorChanceToWinAndRisk() {
        // Sources: exact rational conjugate update (fractions.Fraction); scipy.stats.norm for the
        // chance to win and the credible interval; risks by scipy.integrate.quad of the loss.
        JsonNode c = Reference.get("bayesian");
        LiftEstimate lift = new LiftEstimate(c.get("estimate").asDouble(), c.get("standardError").asDouble(), 1e6);
        BayesianGaussian.Posterior flat = BayesianGaussian.posterior(lift, null);
        JsonNode f = c.get("flat");
        assertThat(flat.chanceToWin()).isCloseTo(f.get("chanceToWin").asDouble(), TOL);
        assertThat(flat.riskOfControl()).isCloseTo(f.get("riskControl").asDouble(), within(1e-9));
        assertThat(flat.riskOfTreatment()).isCloseTo(f.get("riskTreatment").asDouble(), within(1e-9));
        assertThat(flat.credibleInterval(0.05)[0]).isCloseTo(f.get("ci").get(0).asDouble(), TOL);
        assertThat(flat.credibleInterval(0.05)[1]).isCloseTo(f.get("ci").get(1).asDouble(), TOL);

        BayesianGaussian.Posterior post = BayesianGaussian.posterior(lift,
                new GaussianPrior(c.get("priorMean").asDouble(), c.get("priorVariance").asDouble()));
        JsonNode p = c.get("prior");
        assertThat(post.mean()).isCloseTo(p.get("mean").asDouble(), within(1e-12));
        assertThat(post.sd()).isCloseTo(p.get("sd").asDouble(), within(1e-12));
        assertThat(post.chanceToWin()).isCloseTo(p.get("chanceToWin").asDouble(), TOL);
        assertThat(post.riskOfControl()).isCloseTo(p.get("riskControl").asDouble(), within(1e-9));
        assertThat(post.riskOfTreatment()).isCloseTo(p.get("riskTreatment").asDouble(), within(1e-9));
        assertThat(post.credibleInterval(0.05)[0]).isCloseTo(p.get("ci").get(0).asDouble(), TOL);
        assertThat(post.credibleInterval(0.05)[1]).isCloseTo(p.get("ci").get(1).asDouble(), TOL);

        // Through the Analyzer: same case as the binomial reference, flat prior.
        Comparison bayes = only(request(MetricType.BINOMIAL, Difference.ABSOLUTE, TestType.BAYESIAN,
                Alternative.TWO_SIDED, Reference.get("binomial"), Correction.NONE));
        assertThat(bayes.chanceToWin()).isCloseTo(f.get("chanceToWin").asDouble(), TOL);
        assertThat(bayes.risk().treatment()).isCloseTo(f.get("riskTreatment").asDouble(), within(1e-9));
        assertThat(bayes.ci().get(0)).isCloseTo(f.get("ci").get(0).asDouble(), TOL);
    }

    @Test
    void cupedOnUnitLevelData() {
        // Source: numpy within-arm centred sums for theta, then scipy.stats.ttest_ind(equal_var=False)
        // on the adjusted unit values y - theta (x - xbar).
        JsonNode c = Reference.get("cuped");
        Comparison abs = only(request(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(abs.theta()).isCloseTo(c.get("theta").asDouble(), TOL);
        assertThat(abs.lift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(abs.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(abs.pValue()).isCloseTo(c.get("pAbsolute").asDouble(), TOL);
        assertThat(abs.ci().get(0)).isCloseTo(c.get("absoluteCi").get(0).asDouble(), TOL);
        assertThat(abs.ci().get(1)).isCloseTo(c.get("absoluteCi").get(1).asDouble(), TOL);
        assertThat(abs.varianceReduction()).isCloseTo(c.get("varianceReduction").asDouble(), TOL);
        // The relative lift is relative to the unadjusted control mean.
        double controlMean = c.get("control").get("sum").asDouble() / c.get("control").get("n").asDouble();
        assertThat(abs.relativeLift()).isCloseTo(c.get("absoluteLift").asDouble() / controlMean, TOL);
        Comparison rel = only(request(MetricType.MEAN, Difference.RELATIVE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(rel.lift()).isCloseTo(c.get("relativeLift").asDouble(), TOL);
        assertThat(rel.standardError()).isCloseTo(c.get("relativeSe").asDouble(), TOL);
    }

    @Test
    void cupedOnABinomialMetric() {
        // Source: numpy var(ddof=0) of y - theta x per arm (a binomial's variance is p(1-p), divisor n, in
        // every term), Welch's t. The engine once divided the covariance terms by n - 1 beside p(1-p).
        JsonNode c = Reference.get("cupedBinomial");
        Comparison abs = only(request(MetricType.BINOMIAL, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(abs.theta()).isCloseTo(c.get("theta").asDouble(), TOL);
        assertThat(abs.lift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(abs.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(abs.pValue()).isCloseTo(c.get("pAbsolute").asDouble(), TOL);
        assertThat(abs.varianceReduction()).isCloseTo(c.get("varianceReduction").asDouble(), TOL);
    }

    @Test
    void ratioMetricByDeltaMethod() {
        // Source: per-unit delta-method linearisation (y - R x)/xbar in numpy (Deng et al. 2018), then
        // scipy.stats.ttest_ind_from_stats(equal_var=False).
        JsonNode c = Reference.get("ratio");
        Comparison abs = only(request(MetricType.RATIO, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(abs.controlMean()).isCloseTo(c.get("controlRatio").asDouble(), TOL);
        assertThat(abs.treatmentMean()).isCloseTo(c.get("treatmentRatio").asDouble(), TOL);
        assertThat(abs.lift()).isCloseTo(c.get("absoluteLift").asDouble(), TOL);
        assertThat(abs.standardError()).isCloseTo(c.get("standardError").asDouble(), TOL);
        assertThat(abs.pValue()).isCloseTo(c.get("pAbsolute").asDouble(), TOL);
        Comparison rel = only(request(MetricType.RATIO, Difference.RELATIVE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, c, Correction.HOLM));
        assertThat(rel.lift()).isCloseTo(c.get("relativeLift").asDouble(), TOL);
        assertThat(rel.standardError()).isCloseTo(c.get("relativeSe").asDouble(), TOL);
    }

    @Test
    void sampleRatioMismatch() {
        // Source: scipy.stats.chisquare(observed, expected).
        for (JsonNode c : Reference.get("srm").get("cases")) {
            long[] observed = new long[c.get("observed").size()];
            double[] weights = new double[observed.length];
            for (int i = 0; i < observed.length; i++) {
                observed[i] = c.get("observed").get(i).asLong();
                weights[i] = c.get("weights").get(i).asDouble();
            }
            SampleRatio.Result r = SampleRatio.test(observed, weights);
            assertThat(r.chiSquare()).as("chi-square of %s", c.get("observed")).isCloseTo(c.get("chiSquare").asDouble(), TOL);
            assertThat(r.pValue()).as("p of %s", c.get("observed")).isCloseTo(c.get("pValue").asDouble(), TOL);
            assertThat(r.mismatch()).isEqualTo(c.get("pValue").asDouble() < 0.001);
        }
    }

    @Test
    void holmAndBenjaminiHochberg() {
        // Source: statsmodels.stats.multitest.multipletests(method='holm' | 'fdr_bh'), statsmodels 0.13.5.
        for (JsonNode c : Reference.get("multipleTesting").get("cases")) {
            double[] p = new double[c.get("p").size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = c.get("p").get(i).asDouble();
            }
            double[] holm = MultipleTesting.holm(p);
            double[] bh = MultipleTesting.benjaminiHochberg(p);
            for (int i = 0; i < p.length; i++) {
                assertThat(holm[i]).as("holm %s [%d]", c.get("p"), i).isCloseTo(c.get("holm").get(i).asDouble(), within(1e-12));
                assertThat(bh[i]).as("bh %s [%d]", c.get("p"), i).isCloseTo(c.get("bh").get(i).asDouble(), within(1e-12));
            }
        }
    }

    @Test
    void sampleSize() {
        // Source: mpmath (50 digits) evaluation of the power.prop.test closed form and the two-sample
        // normal formula (make_reference.py).
        for (JsonNode c : Reference.get("power").get("cases")) {
            Power.Result r = Power.sampleSize(new Power.Request(c.get("baseline").asDouble(),
                    c.get("relativeEffect").asDouble(), c.get("alpha").asDouble(), c.get("power").asDouble(),
                    c.get("treatments").asInt(),
                    c.has("standardDeviation") ? c.get("standardDeviation").asDouble() : null, null));
            assertThat(r.unitsPerTreatmentExact()).as("n for %s", c).isCloseTo(c.get("exact").asDouble(), TOL);
            assertThat(r.unitsPerTreatment()).isEqualTo((long) Math.ceil(c.get("exact").asDouble()));
        }
    }

    @Test
    void wilsonIntervalOfARate() {
        // Source: statsmodels.stats.proportion.proportion_confint(x, n, alpha, method='wilson'), statsmodels 0.13.5.
        for (JsonNode c : Reference.get("wilson").get("cases")) {
            double[] ci = ArmInterval.wilson(c.get("x").asLong(), c.get("n").asLong(), c.get("alpha").asDouble());
            assertThat(ci[0]).as("low of %s", c).isCloseTo(c.get("ci").get(0).asDouble(), within(1e-9));
            assertThat(ci[1]).as("high of %s", c).isCloseTo(c.get("ci").get(1).asDouble(), within(1e-9));
            assertThat(ci[0]).isBetween(0.0, 1.0);
            assertThat(ci[1]).isBetween(0.0, 1.0);
        }
    }

    @Test
    void oneSidedBayesianTailsKeepTheirDigits() {
        // Source: scipy.stats.norm.sf(10) = 7.61985302416047e-24; 1 - Phi(10) in doubles is exactly 0.
        ComparisonRequest r = new ComparisonRequest(MetricType.MEAN, Difference.ABSOLUTE, TestType.BAYESIAN,
                Alternative.GREATER, 0.05, 5000, Correction.NONE, null, Arm.of("C", 2, 0, 0.005), List.of(Arm.of("T1", 2, 2, 2)));
        // lift 1 with standard error 0.05: z = 20, P(lift <= 0) = Phi(-20) ~ 2.8e-89, not 0.
        LiftEstimate lift = new LiftEstimate(10, 1, 1e6);
        assertThat(BayesianGaussian.posterior(lift, null).chanceToLose()).isCloseTo(7.61985302416047e-24, within(1e-30));
        assertThat(Analyzer.compare(r).comparisons().get(0).pValue()).isPositive();
    }

    @Test
    void sequentialSampleSize() {
        // Source: mpmath (50 digits) findroot of delta = (c(2n) + z_power) sd1/sqrt(n), make_reference.py section 13.
        for (JsonNode c : Reference.get("sequentialPower").get("cases")) {
            Power.Result r = Power.sampleSize(new Power.Request(c.get("baseline").asDouble(),
                    c.get("relativeEffect").asDouble(), c.get("alpha").asDouble(), c.get("power").asDouble(),
                    c.get("treatments").asInt(), c.has("standardDeviation") ? c.get("standardDeviation").asDouble() : null,
                    null, TestType.SEQUENTIAL, c.get("sequentialTuning").asDouble()));
            assertThat(r.unitsPerTreatmentExact()).as("n for %s", c).isCloseTo(c.get("exact").asDouble(), within(1e-6));
            assertThat(r.test()).isEqualTo("sequential");
        }
    }

    @Test
    void skewnessOfTheLiftsEstimate() {
        // Source: make_reference.py section 14: the Edgeworth skewness of the mean difference in Python, with the
        // exact false-positive rate of the binomial test at those arms; the mean case from scipy.stats.moment(y, 3).
        for (JsonNode c : Reference.get("skew").get("binomial")) {
            long n1 = c.get("n1").asLong();
            long n2 = c.get("n2").asLong();
            double p = c.get("p").asDouble();
            Arm a = Arm.of("C", n1, Math.round(n1 * p), Math.round(n1 * p));
            Arm b = Arm.of("T1", n2, Math.round(n2 * p), Math.round(n2 * p));
            assertThat(SkewCheck.skewnessOfLift(a, b, MetricType.BINOMIAL)).as("%s", c)
                    .isCloseTo(c.get("skewness").asDouble(), TOL);
            // The warning sits where one direction takes more than 70% of the false positives.
            boolean lopsided = c.get("better").asDouble() / c.get("rate").asDouble() > 0.7;
            assertThat(SkewCheck.warning(a, b, MetricType.BINOMIAL) != null).as("%s", c).isEqualTo(lopsided);
        }
        JsonNode m = Reference.get("skew").get("mean");
        Arm a = withCubes(Reference.arm("C", m.get("control")), m.get("control"));
        Arm b = withCubes(Reference.arm("T1", m.get("treatment")), m.get("treatment"));
        assertThat(SkewCheck.skewnessOfLift(a, b, MetricType.MEAN)).isCloseTo(m.get("skewness").asDouble(), TOL);
        assertThat(SkewCheck.warning(a, b, MetricType.MEAN)).contains("C has 30 units");
    }

    private static Arm withCubes(Arm arm, JsonNode node) {
        return new Arm(arm.name(), arm.stats(), null, null, node.get("sumCubes").asDouble());
    }
}
