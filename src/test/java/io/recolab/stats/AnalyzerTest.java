package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the entry point: guards, corrections, and the results page's call. */
class AnalyzerTest {
    private static ComparisonRequest binomial(TestType test, Difference difference, Correction correction,
                                              Arm control, Arm... treatments) {
        return new ComparisonRequest(MetricType.BINOMIAL, difference, test, Alternative.TWO_SIDED, 0.05, 5000,
                correction, null, control, List.of(treatments));
    }

    private static Arm conversions(String name, long n, long converted) {
        return Arm.of(name, n, converted, converted);
    }

    @Test
    void tooFewUnitsGiveNullsAndAReason() {
        Comparison c = Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.HOLM,
                conversions("C", 100, 10), conversions("T1", 1, 1))).comparisons().get(0);
        assertThat(c.treatment()).isEqualTo("T1");
        assertThat(c.lift()).isNull();
        assertThat(c.ci()).isNull();
        assertThat(c.pValue()).isNull();
        assertThat(c.adjustedPValue()).isNull();
        assertThat(c.significant()).isNull();
        assertThat(c.message()).isEqualTo("treatment T1 has n = 1; at least 2 units per arm are needed");
    }

    @Test
    void zeroVarianceInBothArmsGivesThePointEstimateButNoTest() {
        Comparison c = Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.ABSOLUTE, Correction.HOLM,
                conversions("C", 100, 0), conversions("T1", 120, 0))).comparisons().get(0);
        assertThat(c.lift()).isEqualTo(0.0);
        assertThat(c.pValue()).isNull();
        assertThat(c.ci()).isNull();
        assertThat(c.message()).isEqualTo("both arms have zero variance; no test is possible");
    }

    @Test
    void zeroControlMeanLeavesTheAbsoluteLift() {
        Comparison c = Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.HOLM,
                conversions("C", 100, 0), conversions("T1", 100, 5))).comparisons().get(0);
        assertThat(c.lift()).isNull();
        assertThat(c.relativeLift()).isNull();
        assertThat(c.absoluteLift()).isCloseTo(0.05, within(1e-12));
        assertThat(c.message()).isEqualTo(
                "control mean is 0; the relative lift is undefined (the p-value tests the absolute difference)");
        // Asked for the absolute lift, the same data has a full answer, and the same p-value: "no
        // difference" is testable even where the relative lift is not defined.
        Comparison abs = Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.ABSOLUTE, Correction.HOLM,
                conversions("C", 100, 0), conversions("T1", 100, 5))).comparisons().get(0);
        assertThat(abs.pValue()).isNotNull().isEqualTo(c.pValue());
        assertThat(abs.relativeCi()).isNull();
        assertThat(abs.message()).isNull();
    }

    @Test
    void noTreatmentsGiveNoComparisons() {
        assertThat(Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.HOLM,
                conversions("C", 100, 10))).comparisons()).isEmpty();
    }

    @Test
    void holmAdjustsAcrossTreatmentsWithBonferroniIntervals() {
        ComparisonRequest r = binomial(TestType.FREQUENTIST, Difference.ABSOLUTE, Correction.HOLM,
                conversions("C", 5000, 500), conversions("T1", 5000, 560), conversions("T2", 5000, 520),
                conversions("T3", 5000, 600));
        List<Comparison> cs = Analyzer.compare(r).comparisons();
        double[] raw = cs.stream().mapToDouble(Comparison::pValue).toArray();
        double[] holm = MultipleTesting.holm(raw);
        for (int i = 0; i < cs.size(); i++) {
            Comparison c = cs.get(i);
            assertThat(c.adjustedPValue()).isEqualTo(holm[i]);
            assertThat(c.significant()).isEqualTo(holm[i] < 0.05);
            assertThat(c.intervalAlpha()).isCloseTo(0.05 / 3, within(1e-15));
            double[] expected = Welch.interval(new LiftEstimate(c.lift(), c.standardError(), c.degreesOfFreedom()),
                    0.05 / 3, Alternative.TWO_SIDED);
            assertThat(c.ci().get(0)).isCloseTo(expected[0], within(1e-12));
            assertThat(c.ci().get(1)).isCloseTo(expected[1], within(1e-12));
        }
    }

    @Test
    void bhIntervalsUseBenjaminiYekutieliAlpha() {
        ComparisonRequest r = binomial(TestType.FREQUENTIST, Difference.ABSOLUTE, Correction.BH,
                conversions("C", 5000, 500), conversions("T1", 5000, 600), conversions("T2", 5000, 505),
                conversions("T3", 5000, 610));
        List<Comparison> cs = Analyzer.compare(r).comparisons();
        long rejected = cs.stream().filter(Comparison::significant).count();
        assertThat(rejected).isEqualTo(2);
        assertThat(cs.get(0).intervalAlpha()).isCloseTo(0.05 * 2 / 3, within(1e-15));
    }

    @Test
    void theResultsPageCallGivesBothDifferences() {
        ComparisonRequest r = ComparisonRequest.of(MetricType.BINOMIAL, TestType.FREQUENTIST, 0.05, Correction.HOLM,
                List.of(conversions("C", 3000, 300), conversions("T1", 3000, 360)));
        Comparison c = Analyzer.compare(r).comparisons().get(0);
        assertThat(c.relativeLift()).isCloseTo(0.2, within(1e-12));
        assertThat(c.absoluteLift()).isCloseTo(0.02, within(1e-12));
        assertThat(c.relativeCi()).hasSize(2);
        assertThat(c.absoluteCi()).hasSize(2);
        assertThat(c.lift()).isEqualTo(c.relativeLift());
        assertThat(c.significant()).isTrue();
        assertThat(c.chanceToWin()).isGreaterThan(0.98);
        assertThat(c.risk().treatment()).isLessThan(c.risk().control());
    }

    @Test
    void sequentialIntervalsAreWiderThanFixedHorizonOnes() {
        Arm control = conversions("C", 20000, 2000);
        Arm treatment = conversions("T1", 20000, 2150);
        Comparison fixed = Analyzer.compare(binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.NONE,
                control, treatment)).comparisons().get(0);
        Comparison seq = Analyzer.compare(binomial(TestType.SEQUENTIAL, Difference.RELATIVE, Correction.NONE,
                control, treatment)).comparisons().get(0);
        assertThat(seq.lift()).isEqualTo(fixed.lift());
        assertThat(seq.ci().get(1) - seq.ci().get(0)).isGreaterThan(fixed.ci().get(1) - fixed.ci().get(0));
        assertThat(seq.pValue()).isGreaterThan(fixed.pValue());
    }

    @Test
    void aProperPriorShrinksTowardItsMean() {
        ComparisonRequest flat = binomial(TestType.BAYESIAN, Difference.RELATIVE, Correction.NONE,
                conversions("C", 2000, 200), conversions("T1", 2000, 240));
        ComparisonRequest skeptical = new ComparisonRequest(MetricType.BINOMIAL, Difference.RELATIVE,
                TestType.BAYESIAN, Alternative.TWO_SIDED, 0.05, 5000, Correction.NONE, new GaussianPrior(0, 0.05 * 0.05),
                flat.control(), flat.treatments());
        Comparison f = Analyzer.compare(flat).comparisons().get(0);
        Comparison s = Analyzer.compare(skeptical).comparisons().get(0);
        // Posterior mean = precision-weighted average of the prior mean 0 and the estimate.
        double w = (1 / (f.standardError() * f.standardError()))
                / (1 / (f.standardError() * f.standardError()) + 1 / (0.05 * 0.05));
        assertThat(s.lift()).isCloseTo(w * f.lift(), within(1e-12)).isStrictlyBetween(0.0, f.lift());
        assertThat(s.standardError()).isLessThan(f.standardError());
        assertThat(s.ci().get(0)).isLessThan(s.lift());
        assertThat(s.ci().get(1)).isGreaterThan(s.lift());
        assertThat(s.chanceToWin()).isLessThan(f.chanceToWin());
    }

    @Test
    void badRequestsNameTheField() {
        assertThatThrownBy(() -> binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.HOLM,
                conversions("C", 100, 10), Arm.of("T1", 10, 11, 121)))
                .hasMessage("treatments[0].sum (conversions) must be between 0 and n = 10, got 11.0");
        assertThatThrownBy(() -> SufficientStats.binomial(10, 11))
                .hasMessage("sum (conversions) must be between 0 and n = 10, got 11.0");
        assertThatThrownBy(() -> new ComparisonRequest(MetricType.MEAN, Difference.RELATIVE, TestType.SEQUENTIAL,
                Alternative.GREATER, 0.05, 5000, Correction.HOLM, null, conversions("C", 10, 1), List.of()))
                .hasMessage("alternative must be two-sided when test is sequential, got greater");
        assertThatThrownBy(() -> new ComparisonRequest(MetricType.MEAN, Difference.RELATIVE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, 1.5, 5000, Correction.HOLM, null, conversions("C", 10, 1), List.of()))
                .hasMessage("alpha must be between 0 and 1 (exclusive), got 1.5");
        assertThatThrownBy(() -> new SufficientStats(-1, 0, 0)).hasMessage("n must be >= 0, got -1");
        assertThatThrownBy(() -> new SufficientStats(10, 10, 5))
                .hasMessageStartingWith("sumSquares must be >= sum^2/n");
        Arm cuped = new Arm("T1", new SufficientStats(10, 5, 5), new Arm.PrePeriod(5, 5, 3), null);
        assertThatThrownBy(() -> binomial(TestType.FREQUENTIST, Difference.RELATIVE, Correction.HOLM,
                conversions("C", 10, 1), cuped))
                .hasMessage("treatments[0]: preSum, preSumSquares and sumProducts must be given for every arm or for none");
    }

    @Test
    void degenerateCovariateLeavesCupedUnadjusted() {
        // The same pre-period value for every unit: theta = 0 and the plain estimate.
        Arm c = new Arm("C", new SufficientStats(100, 250, 900), new Arm.PrePeriod(100, 100, 250), null);
        Arm t = new Arm("T1", new SufficientStats(100, 300, 1200), new Arm.PrePeriod(100, 100, 300), null);
        Comparison x = Analyzer.compare(new ComparisonRequest(MetricType.MEAN, Difference.ABSOLUTE,
                TestType.FREQUENTIST, Alternative.TWO_SIDED, 0.05, 5000, Correction.HOLM, null, c, List.of(t)))
                .comparisons().get(0);
        assertThat(x.theta()).isEqualTo(0.0);
        assertThat(x.varianceReduction()).isCloseTo(0.0, within(1e-12));
        assertThat(x.lift()).isCloseTo(0.5, within(1e-12));
    }

    /**
     * A ratio metric is judged by its linearised unit values, which are 0 for every unit without a denominator:
     * with one order in the control the test saw no variance there and called 10 vs 1 orders significant
     * (p = 0.025) without a word. Few units carrying the denominator now get the skew check's warning.
     */
    @Test
    void aRatioCarriedByFewUnitsIsWarned() {
        Arm control = new Arm("C", Arm.of("C", 100, 30, 900).stats(), null, new Arm.Denominator(1, 1, 30));
        Arm treatment = new Arm("T1", Arm.of("T1", 100, 200, 5000).stats(), null, new Arm.Denominator(40, 60, 250));
        Comparison c = Analyzer.compare(ComparisonRequest.of(MetricType.RATIO, TestType.FREQUENTIST, 0.05,
                Correction.HOLM, List.of(control, treatment))).comparisons().get(0);
        assertThat(c.warning()).contains("effective 1.0 units");
        Arm spread = new Arm("C", Arm.of("C", 2000, 600, 900).stats(), null, new Arm.Denominator(600, 700, 620));
        Arm spreadToo = new Arm("T1", Arm.of("T1", 2000, 620, 950).stats(), null, new Arm.Denominator(610, 720, 640));
        assertThat(Analyzer.compare(ComparisonRequest.of(MetricType.RATIO, TestType.FREQUENTIST, 0.05,
                Correction.HOLM, List.of(spread, spreadToo))).comparisons().get(0).warning()).isNull();
    }
}
