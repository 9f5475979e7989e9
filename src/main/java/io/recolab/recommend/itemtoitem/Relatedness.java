package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;

/**
 * How strongly buying A suggests B, from the co-purchase count N_AB and statistics of the whole
 * training matrix. Three measures: {@link CosineRelatedness} (Linden, Smith and York 2003),
 * {@link NaiveRelatedness} (P(B|A) - P(B)) and {@link CorrectedRelatedness} (Smith and Linden 2017).
 */
public interface Relatedness {
    /** Computes the matrix-wide statistics once per build; the scorer must be thread-safe. */
    PairScorer fit(CustomerItems matrix, Csr buyersByItem);

    @FunctionalInterface
    interface PairScorer {
        /**
         * Relatedness of B to A given N_AB = {@code together} >= 1 customers bought both; only
         * positive values are kept in the similar-items table.
         */
        double score(int a, int b, int together);

        /**
         * A cheap value that {@link #score} never exceeds, so the table build can skip the exact score of
         * pairs that cannot enter A's top list. Measures that are cheap anyway return the score itself.
         */
        default double upperBound(int a, int b, int together) {
            return score(a, b, together);
        }
    }
}
