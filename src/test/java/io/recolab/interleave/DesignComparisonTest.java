package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DesignComparisonTest {
    @Test
    void reachCountsCustomersUntilSignificantInTheReferenceDirectionAndUntilItStaysSo() {
        double[] p = {0.5, 0.01, 0.2, 0.04, 0.03, 0.01};
        Side[] side = {Side.A, Side.A, Side.A, Side.A, Side.A, Side.A};
        assertThat(DesignComparison.reach(p, side, Side.A, 0.05)).isEqualTo(new DesignComparison.Reach(2, 4));
        // Significant the other way does not count.
        assertThat(DesignComparison.reach(p, side, Side.B, 0.05)).isEqualTo(new DesignComparison.Reach(-1, -1));
        Side[] flips = {Side.A, Side.B, Side.A, Side.A, Side.A, Side.B};
        assertThat(DesignComparison.reach(p, flips, Side.A, 0.05)).isEqualTo(new DesignComparison.Reach(4, -1));
    }

    @Test
    void welchOnTheBinaryOutcomeWaitsForTwoUnitsPerArm() {
        assertThat(DesignComparison.welchP(new long[] {1, 5}, new long[] {1, 0})).isEqualTo(1);
        assertThat(DesignComparison.welchP(new long[] {5, 5}, new long[] {0, 0})).isEqualTo(1);
        // 50/100 against 70/100: scipy.stats.ttest_ind([1]*50+[0]*50, [1]*70+[0]*30, equal_var=False) gives
        // t = -2.934057881530954 on 196.514 df, p = 0.003743687604273039.
        assertThat(DesignComparison.welchP(new long[] {100, 100}, new long[] {50, 70}))
                .isCloseTo(0.003743687604273039, org.assertj.core.data.Offset.offset(1e-6));
    }
}
