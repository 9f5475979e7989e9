package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Variances from sums when the mean is large against the spread (issue 22.4). */
class PrecisionTest {
    @Test
    void theVarianceFormulaAddsNoCancellationOfItsOwn() {
        // Values 2^25 + {0, 1, 2, 4}: every sum is an exact double (sumSquares < 2^53), so the true variance is
        // exactly computable: deviations from the mean 2^25 + 1.75 square to 8.75, variance 8.75/3. sum^2 needs
        // 2^54 and rounds, which made the plain (sumSquares - sum^2/n)/(n-1) answer 3.0 (2.9% off).
        double base = 1 << 25;
        double sum = 4 * base + 7;
        double squares = 0;
        for (int k : new int[] {0, 1, 2, 4}) {
            squares += (base + k) * (base + k);
        }
        SufficientStats stats = new SufficientStats(4, sum, squares);
        assertThat(stats.variance(MetricType.MEAN)).isCloseTo(8.75 / 3, within(1e-12));
        // The same for the CUPED covariate's centred sums.
        CupedStats cuped = new CupedStats(stats, sum, squares, squares);
        assertThat(cuped.sxx()).isCloseTo(8.75, within(1e-12));
        assertThat(cuped.sxy()).isCloseTo(8.75, within(1e-12));
    }
}
