package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values printed in published documentation, checked to the digits printed there. */
class PublishedValuesTest {
    // R's ?sleep / ?t.test example, Student's (1908) sleep data, extra hours of sleep per drug.
    private static final double[] DRUG1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] DRUG2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    private static Arm arm(String name, double[] values) {
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        return Arm.of(name, values.length, sum, squares);
    }

    @Test
    void welchMatchesRsSleepExample() {
        // R: t.test(extra ~ group, data = sleep) prints "t = -1.8608, df = 17.776, p-value = 0.07939",
        // "95 percent confidence interval: -3.3654832  0.2054832" (group 1 minus group 2). Here the
        // control is group 2, so the lift is group 1 - group 2, the same sign as R's.
        ComparisonRequest r = new ComparisonRequest(MetricType.MEAN, Difference.ABSOLUTE, TestType.FREQUENTIST,
                Alternative.TWO_SIDED, 0.05, 5000, Correction.NONE, null, arm("drug2", DRUG2), List.of(arm("drug1", DRUG1)));
        Comparison c = Analyzer.compare(r).comparisons().get(0);
        assertThat(c.lift() / c.standardError()).isCloseTo(-1.8608, within(5e-5));
        assertThat(c.degreesOfFreedom()).isCloseTo(17.776, within(5e-4));
        assertThat(c.pValue()).isCloseTo(0.07939, within(5e-6));
        assertThat(c.ci().get(0)).isCloseTo(-3.3654832, within(5e-8));
        assertThat(c.ci().get(1)).isCloseTo(0.2054832, within(5e-8));
    }

    @Test
    void powerMatchesRsPowerPropTestExample() {
        // R: ?power.prop.test example power.prop.test(p1 = .50, p2 = .75, power = .90) prints n = 76.7.
        Power.Result r = Power.sampleSize(new Power.Request(0.5, 0.5, 0.05, 0.9, 2, null, null));
        assertThat(r.unitsPerTreatmentExact()).isCloseTo(76.7, within(0.05));
        assertThat(r.unitsPerTreatment()).isEqualTo(77);
    }
}
