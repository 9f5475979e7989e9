package io.recolab.recommend.itemtoitem;

/**
 * The arithmetic of the corrected relatedness (Smith and Linden 2017; see {@link CorrectedRelatedness}),
 * pure and shared: the in-memory table build and the Spark job (spark/, ItemToItemJob) compute every
 * score with these functions, summing E_AB over A's histogram in ascending n_c, so both produce the same
 * doubles bit for bit and their top lists can be compared exactly.
 */
public final class CorrectedScore {
    private CorrectedScore() {
    }

    /** log(1 - P_B), P_B = |B| / (customer, item) pairs: B's share of all purchases. */
    public static double logQ(long buyersOfB, long pairs) {
        return Math.log1p(-buyersOfB / (double) Math.max(1, pairs));
    }

    /**
     * 1 - (1 - P_B)^s, the chance that a customer with s other purchases bought B at random, as
     * -expm1(s log1p(-P_B)): no cancellation when P_B s is tiny.
     */
    public static double term(int others, double logQ) {
        return -Math.expm1(others * logQ);
    }

    /**
     * E_AB = sum_s count_s (1 - (1 - P_B)^s) over A's buyers grouped by s = n_c (their purchases other than
     * A, s >= 1), in the order given, which callers keep ascending in s so that every path sums alike.
     */
    public static double expected(int[] others, long[] count, double logQ) {
        double expected = 0;
        for (int h = 0; h < others.length; h++) {
            expected += count[h] * term(others[h], logQ);
        }
        return expected;
    }

    /** (N_AB - E_AB) / sqrt(E_AB); 0 when nothing is expected. */
    public static double score(int together, double expected) {
        return expected > 0 ? (together - expected) / Math.sqrt(expected) : 0;
    }
}
