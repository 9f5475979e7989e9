package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guardrails watched daily, and one correction across treatments and metrics (issue 22.6, engine part). */
class GuardrailTest {
    private static final double ALPHA = 0.05;

    /** Runs of 30 daily looks at 300 units per arm and day; the share of runs with a breach by the last day. */
    private static double breachRate(double controlRate, double treatmentRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int runs = 1000;
        int breached = 0;
        for (int run = 0; run < runs; run++) {
            long n = 0;
            long xa = 0;
            long xb = 0;
            boolean any = false;
            for (int day = 0; day < 30 && !any; day++) {
                for (int i = 0; i < 300; i++) {
                    xa += random.nextDouble() < controlRate ? 1 : 0;
                    xb += random.nextDouble() < treatmentRate ? 1 : 0;
                }
                n += 300;
                any = Guardrail.check(MetricType.BINOMIAL, Guardrail.Harm.DECREASE, ALPHA, 5000,
                        Arm.of("C", n, xa, xa), List.of(Arm.of("T1", n, xb, xb))).get(0).breached();
            }
            breached += any ? 1 : 0;
        }
        return breached / (double) runs;
    }

    @Test
    void dailyLooksRaiseFewFalseAlarmsAndCatchRealHarm() {
        double falseAlarms = breachRate(0.1, 0.1, 61);
        double caught = breachRate(0.1, 0.08, 62);
        double improvement = breachRate(0.1, 0.12, 63);
        System.out.printf("guardrail, 30 daily looks: A/A %.4f, -20%% harm %.4f, +20%% (not harm) %.4f%n",
                falseAlarms, caught, improvement);
        assertThat(falseAlarms).isLessThanOrEqualTo(ALPHA);
        assertThat(caught).isGreaterThan(0.8);
        assertThat(improvement).isLessThan(0.01);
    }

    /**
     * Runs of 30 daily looks on a 90/10 ramp (900 control and 100 treatment units a day, or the reverse); the
     * share of runs breached in either direction. {@code value} draws one unit's value for an arm (0 control, 1 treatment).
     */
    private static double[] rampBreachRates(MetricType type, int perDayA, int perDayB, long seed,
                                            java.util.function.BiFunction<SplittableRandom, Integer, Double> value) {
        SplittableRandom random = new SplittableRandom(seed);
        int runs = 400;
        int decrease = 0;
        int increase = 0;
        for (int run = 0; run < runs; run++) {
            long[] n = new long[2];
            double[] sum = new double[2];
            double[] squares = new double[2];
            boolean dec = false;
            boolean inc = false;
            for (int day = 0; day < 30; day++) {
                for (int arm = 0; arm < 2; arm++) {
                    for (int i = 0; i < (arm == 0 ? perDayA : perDayB); i++) {
                        double v = value.apply(random, arm);
                        sum[arm] += v;
                        squares[arm] += v * v;
                    }
                    n[arm] += arm == 0 ? perDayA : perDayB;
                }
                Arm control = Arm.of("C", n[0], sum[0], squares[0]);
                List<Arm> treatment = List.of(Arm.of("T1", n[1], sum[1], squares[1]));
                dec |= Guardrail.check(type, Guardrail.Harm.DECREASE, ALPHA, 5000, control, treatment).get(0).breached();
                inc |= Guardrail.check(type, Guardrail.Harm.INCREASE, ALPHA, 5000, control, treatment).get(0).breached();
            }
            decrease += dec ? 1 : 0;
            increase += inc ? 1 : 0;
        }
        return new double[] {decrease / (double) runs, increase / (double) runs};
    }

    /**
     * A rare guardrail event on a 10% ramp: the small arm often has no conversion yet, and with the plug-in
     * variance p(1-p) = 0 the lift's standard error was the large arm's alone, so 30-34% of A/A runs breached
     * (red-team simulation, 2026-12-07). Mostly-zero means (revenue from a rare purchase) failed the same
     * way (26%). Limit: alpha plus three Monte Carlo standard errors of 400 runs.
     */
    @Test
    void aRareEventOnARampRaisesNoMoreFalseAlarmsThanAlpha() {
        double limit = ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / 400);
        double[] rare = rampBreachRates(MetricType.BINOMIAL, 900, 100, 71, (r, arm) -> r.nextDouble() < 0.002 ? 1.0 : 0.0);
        double[] rareSmallControl = rampBreachRates(MetricType.BINOMIAL, 100, 900, 72, (r, arm) -> r.nextDouble() < 0.002 ? 1.0 : 0.0);
        double[] revenue = rampBreachRates(MetricType.MEAN, 900, 100, 73,
                (r, arm) -> r.nextDouble() < 0.003 ? Math.exp(r.nextGaussian()) : 0.0);
        System.out.printf("guardrail A/A on a ramp, breached decrease/increase: rare rate %s, small control %s, "
                + "mostly-zero mean %s%n", java.util.Arrays.toString(rare), java.util.Arrays.toString(rareSmallControl),
                java.util.Arrays.toString(revenue));
        for (double[] rates : List.of(rare, rareSmallControl, revenue)) {
            assertThat(rates[0]).isLessThanOrEqualTo(limit);
            assertThat(rates[1]).isLessThanOrEqualTo(limit);
        }
        // And a real harm on such a ramp is still caught: the treatment's rate cut by 80%.
        double[] harm = rampBreachRates(MetricType.BINOMIAL, 900, 100, 74,
                (r, arm) -> r.nextDouble() < (arm == 0 ? 0.01 : 0.002) ? 1.0 : 0.0);
        System.out.printf("guardrail on a ramp, -80%% harm at 1%%: caught %.3f%n", harm[0]);
        assertThat(harm[0]).isGreaterThan(0.5);
    }

    @Test
    void aBreachIsTheSequentialIntervalOnTheHarmfulSide() {
        Arm control = Arm.of("C", 5000, 500, 500);
        Arm worse = Arm.of("T1", 5000, 380, 380);
        Guardrail.Check c = Guardrail.check(MetricType.BINOMIAL, Guardrail.Harm.DECREASE, ALPHA, 5000, control,
                List.of(worse)).get(0);
        // The same sequence as the sequential test of Analyzer (absolute lift, no correction).
        Comparison seq = Analyzer.compare(new ComparisonRequest(MetricType.BINOMIAL, Difference.ABSOLUTE,
                TestType.SEQUENTIAL, Alternative.TWO_SIDED, ALPHA, 5000, Correction.NONE, null, control,
                List.of(worse))).comparisons().get(0);
        // Within 1e-4: the guardrail takes each arm's rate as (x + 1)/(n + 2) when that gives a larger
        // standard error (Guardrail.standardError), a change of order 1/n here.
        assertThat(c.sequence().get(0)).isCloseTo(seq.ci().get(0), within(1e-4));
        assertThat(c.sequence().get(1)).isCloseTo(seq.ci().get(1), within(1e-4));
        assertThat(c.breached()).isEqualTo(seq.ci().get(1) < 0).isTrue();
        assertThat(Guardrail.check(MetricType.BINOMIAL, Guardrail.Harm.INCREASE, ALPHA, 5000, control, List.of(worse))
                .get(0).breached()).isFalse();
    }

    @Test
    void theFamilyIsCorrectedAsOneList() {
        // Source: statsmodels multipletests(method='holm') on [0.01, 0.04, 0.03, 0.005] (reference.json),
        // laid out as two metrics x two treatments; a comparison without a test stays out of the family.
        JsonNode c = Reference.get("multipleTesting").get("cases").get(0);
        Double[][] p = {{c.get("p").get(0).asDouble(), c.get("p").get(1).asDouble()},
                {c.get("p").get(2).asDouble(), c.get("p").get(3).asDouble(), null}};
        Double[][] adjusted = MultipleTesting.adjustFamily(Correction.HOLM, p);
        assertThat(adjusted[0][0]).isCloseTo(c.get("holm").get(0).asDouble(), within(1e-12));
        assertThat(adjusted[0][1]).isCloseTo(c.get("holm").get(1).asDouble(), within(1e-12));
        assertThat(adjusted[1][0]).isCloseTo(c.get("holm").get(2).asDouble(), within(1e-12));
        assertThat(adjusted[1][1]).isCloseTo(c.get("holm").get(3).asDouble(), within(1e-12));
        assertThat(adjusted[1][2]).isNull();
    }
}
