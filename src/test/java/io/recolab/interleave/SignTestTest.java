package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recolab.stats.ConfidenceSequence;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * Reference values: scipy 1.17.1, {@code r = scipy.stats.binomtest(k, n, 0.5)}: {@code r.pvalue} and
 * {@code r.proportion_ci(0.95, "exact")}; A/A sizes: {@code sum(binom.pmf(k, n, .5) for k in range(n + 1)
 * if binomtest(k, n, .5).pvalue < .05)}.
 */
class SignTestTest {
    private static final double[][] SCIPY = { // k, n, p-value, ci low, ci high
        {7, 20, 0.26317596435546875, 0.1539092047845412, 0.5921885345328283},
        {3, 10, 0.34375, 0.06673951117773447, 0.652452850060008},
        {60, 100, 0.05688793364098089, 0.4972091504223335, 0.6967052312971551},
        {527, 1000, 0.09368729147549647, 0.4955145839930307, 0.5583260325172669},
        {0, 5, 0.0625, 0.0, 0.5218237501049814},
        {12, 12, 0.00048828125, 0.7353515306029488, 1.0},
        {450, 1000, 0.0017305360849763027, 0.4188517096799507, 0.48144346662340654},
    };

    @Test
    void matchesScipyBinomtest() {
        for (double[] row : SCIPY) {
            long k = (long) row[0];
            long n = (long) row[1];
            assertThat(SignTest.pValue(k, n - k)).as("p %s/%s", k, n).isCloseTo(row[2], within(1e-6));
            double[] ci = SignTest.interval(k, n - k, 0.05);
            assertThat(ci[0]).as("low %s/%s", k, n).isCloseTo(row[3], within(1e-6));
            assertThat(ci[1]).as("high %s/%s", k, n).isCloseTo(row[4], within(1e-6));
        }
        assertThat(SignTest.pValue(0, 0)).isEqualTo(1);
        assertThat(SignTest.pValue(50, 50)).isEqualTo(1);
        assertThat(SignTest.interval(0, 0, 0.05)).isNull();
    }

    /** A/A by exact enumeration over k: the test's size never exceeds alpha, small and large n. */
    @Test
    void aaFalsePositiveRateByEnumerationMatchesScipy() {
        long[] ns = {10, 20, 50, 100, 1000, 10000};
        double[] scipy = {0.021484375, 0.04138946533203124, 0.03283913756426844, 0.03520020021770475,
            0.04629119736049808, 0.048832949896381816};
        for (int i = 0; i < ns.length; i++) {
            int n = (int) ns[i];
            BinomialDistribution null50 = new BinomialDistribution(null, n, 0.5);
            double size = 0;
            for (int k = 0; k <= n; k++) {
                if (SignTest.pValue(k, n - k) < 0.05) {
                    size += null50.probability(k);
                }
            }
            assertThat(size).as("n=%s", n).isCloseTo(scipy[i], within(1e-9)).isLessThanOrEqualTo(0.05);
        }
    }

    /**
     * A/A of the sequential variant, looked at after every unit: the share of seeded null paths that ever
     * reach p < 0.05 stays below alpha (Ville's inequality, see {@link SignTest}), while the fixed-horizon
     * test looked at as often exceeds it (the peeking problem the sequential test exists for).
     */
    @Test
    void sequentialVariantKeepsItsLevelUnderContinuousMonitoring() {
        double rho2 = ConfidenceSequence.rhoSquared(0.05, 500);
        SplittableRandom r = new SplittableRandom(2008);
        int paths = 2_000;
        int steps = 1_000;
        int sequentialRejects = 0;
        int peekingRejects = 0;
        for (int path = 0; path < paths; path++) {
            long a = 0;
            long b = 0;
            boolean seq = false;
            boolean peek = false;
            for (int t = 0; t < steps; t++) {
                if (r.nextBoolean()) {
                    a++;
                } else {
                    b++;
                }
                seq |= SignTest.sequentialPValue(a, b, rho2) < 0.05;
                peek |= t % 10 == 9 && SignTest.pValue(a, b) < 0.05;
            }
            sequentialRejects += seq ? 1 : 0;
            peekingRejects += peek ? 1 : 0;
        }
        double seqRate = sequentialRejects / (double) paths;
        // 0.05 plus three binomial standard errors at 2,000 paths.
        assertThat(seqRate).isLessThan(0.05 + 3 * Math.sqrt(0.05 * 0.95 / paths));
        assertThat(peekingRejects / (double) paths).isGreaterThan(0.1);
        // And it has power: 60/40 preferences over 1,000 units are found.
        assertThat(SignTest.sequentialPValue(600, 400, rho2)).isLessThan(1e-4);
    }

    @Test
    void summaryNamesTheWinnerOnlyWhenSignificant() {
        var s = InterleavingSummary.of(60, 30, 10);
        assertThat(s.units()).isEqualTo(100);
        assertThat(s.shareA()).isCloseTo(60 / 90.0, within(1e-12));
        assertThat(s.winner()).isEqualTo(Side.A);
        assertThat(s.pValue()).isEqualTo(SignTest.pValue(60, 30));
        assertThat(InterleavingSummary.of(5, 6, 3).winner()).isNull();
        assertThat(InterleavingSummary.of(0, 0, 4).shareA()).isNaN();
        assertThat(Preference.of(2, 1)).isEqualTo(Preference.A);
        assertThat(Preference.of(0, 0)).isEqualTo(Preference.TIE);
        assertThat(Preference.of(1, 3)).isEqualTo(Preference.B);
    }
}
