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
        assertThat(c.sequence().get(0)).isCloseTo(seq.ci().get(0), within(1e-12));
        assertThat(c.sequence().get(1)).isCloseTo(seq.ci().get(1), within(1e-12));
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
