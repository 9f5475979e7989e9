package io.recolab.recommend.itemtoitem;

import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-computed values on a four-customer matrix (items are their own indexes):
 * c0 {0,1}, c1 {0,1,2}, c2 {0,2,3,4,5}, c3 {1,2}: 12 (customer, item) pairs, |0| = |1| = |2| = 3, |3| = 1.
 */
class RelatednessTest {
    private final Interactions log = TestLogs.baskets("0: 0 1", "1: 0 1 2", "2: 0 2 3 4 5", "3: 1 2");

    private Relatedness.PairScorer fit(Relatedness r) {
        return r.fit(log.customerItems(), log.itemCustomers());
    }

    @Test
    void cosine() {
        Relatedness.PairScorer s = fit(new CosineRelatedness());
        assertThat(s.score(0, 1, 2)).isCloseTo(2.0 / 3, within(1e-12)); // 2 / sqrt(3 * 3)
        assertThat(s.score(0, 3, 1)).isCloseTo(1 / Math.sqrt(3), within(1e-12));
    }

    @Test
    void naiveDifferentialProbability() {
        Relatedness.PairScorer s = fit(new NaiveRelatedness());
        assertThat(s.score(0, 3, 1)).isCloseTo(1.0 / 3 - 1.0 / 4, within(1e-12)); // P(3|0) - P(3)
        assertThat(s.score(0, 1, 2)).isCloseTo(2.0 / 3 - 3.0 / 4, within(1e-12)); // negative: not related
    }

    @Test
    void correctedComparesWithExpectedCoPurchases() {
        Relatedness.PairScorer s = fit(new CorrectedRelatedness());
        // Buyers of 0 have n_c = 1, 2, 4 other items. P_1 = 3/12, so
        // E_01 = (1 - 0.75) + (1 - 0.75^2) + (1 - 0.75^4) = 0.25 + 0.4375 + 0.68359375 = 1.37109375
        assertThat(s.score(0, 1, 2)).isCloseTo((2 - 1.37109375) / Math.sqrt(1.37109375), within(1e-12));
        // P_2 = P_1, and 0's buyers are the same: the same expectation, a tie with (0,1)
        assertThat(s.score(0, 2, 2)).isEqualTo(s.score(0, 1, 2));
        // P_3 = 1/12: E_03 = (1 - 11/12) + (1 - (11/12)^2) + (1 - (11/12)^4)
        double e03 = (1 - 11.0 / 12) + (1 - (121.0 / 144)) + (1 - (14641.0 / 20736));
        assertThat(s.score(0, 3, 1)).isCloseTo((1 - e03) / Math.sqrt(e03), within(1e-12));
    }

    @Test
    void correctedBoundNeverBelowScore() {
        Relatedness.PairScorer s = fit(new CorrectedRelatedness());
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                for (int n = 1; n <= 3; n++) {
                    if (a != b) {
                        assertThat(s.upperBound(a, b, n)).isGreaterThanOrEqualTo(s.score(a, b, n));
                    }
                }
            }
        }
    }

    @Test
    void heavyBuyersAreDiscountedByTheCorrectedMeasureOnly() {
        // Item L is bought with B by two light buyers, item H with B by two heavy buyers (10 more items each).
        Interactions heavy = TestLogs.baskets(
                "l1: L B", "l2: L B",
                "h1: H B f0 f1 f2 f3 f4 f5 f6 f7 f8 f9", "h2: H B f0 f1 f2 f3 f4 f5 f6 f7 f8 f9",
                "o1: B", "o2: f0");
        int l = heavy.items().index("L");
        int h = heavy.items().index("H");
        int b = heavy.items().index("B");
        Relatedness.PairScorer naive = new NaiveRelatedness().fit(heavy.customerItems(), heavy.itemCustomers());
        Relatedness.PairScorer cosine = new CosineRelatedness().fit(heavy.customerItems(), heavy.itemCustomers());
        Relatedness.PairScorer corrected = new CorrectedRelatedness().fit(heavy.customerItems(), heavy.itemCustomers());
        assertThat(naive.score(h, b, 2)).isEqualTo(naive.score(l, b, 2)); // P(B|H) = P(B|L) = 1
        assertThat(cosine.score(h, b, 2)).isEqualTo(cosine.score(l, b, 2));
        // pairs = 4 + 24 + 2 = 30, P_B = 5/30; light: n_c = 1, heavy: n_c = 11
        double pb = 5.0 / 30;
        double eLight = 2 * pb;
        double eHeavy = 2 * (1 - Math.pow(1 - pb, 11));
        assertThat(corrected.score(l, b, 2)).isCloseTo((2 - eLight) / Math.sqrt(eLight), within(1e-12));
        assertThat(corrected.score(h, b, 2)).isCloseTo((2 - eHeavy) / Math.sqrt(eHeavy), within(1e-12));
        assertThat(corrected.score(h, b, 2)).isLessThan(corrected.score(l, b, 2) / 5);
    }
}
