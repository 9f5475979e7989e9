package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;

import java.util.Arrays;

/**
 * The corrected measure of Smith and Linden, "Two Decades of Recommender Systems at Amazon.com",
 * IEEE Internet Computing 21(3), 2017: compare the observed number N_AB of A-buyers who bought B with
 * the number expected if they bought B at random, given how much each of them buys:
 * <pre>
 *   E_AB = sum over customers c who bought A of 1 - (1 - P_B)^{n_c}
 *   P_B  = share of all purchases that are B  (|B| / number of (customer, item) pairs)
 *   n_c  = c's purchases other than A          (distinct items of c minus one)
 *   score = (N_AB - E_AB) / sqrt(E_AB)
 * </pre>
 * A heavy buyer has a large n_c, so their co-purchase is largely expected and adds little to the score,
 * which is exactly what the naive P(B|A) - P(B) gets wrong.
 *
 * <p>Exact and fast: A's buyers are grouped by n_c into a histogram (size s -> count), so
 * E_AB = sum_s count_s (1 - (1 - P_B)^s), and each term is computed as -expm1(s log1p(-P_B)), which has no
 * cancellation when P_B s is tiny (1 - (1-P)^s computed directly loses digits there). The terms
 * -expm1(s log1p(-P_B)) are tabulated per (item, distinct size) when the table is small enough.
 */
public final class CorrectedRelatedness implements Relatedness {
    /** Largest table of precomputed terms, in entries (8 bytes each). */
    static final long TABLE_BUDGET = 8_000_000;

    @Override
    public PairScorer fit(CustomerItems matrix, Csr buyersByItem) {
        int items = buyersByItem.rows();
        int customers = matrix.customers();
        // Distinct values of n_c over all customers, and each customer's index into them.
        int maxSize = 0;
        for (int c = 0; c < customers; c++) {
            maxSize = Math.max(maxSize, matrix.size(c));
        }
        int[] sizeIndex = new int[maxSize + 1];
        Arrays.fill(sizeIndex, -1);
        for (int c = 0; c < customers; c++) {
            if (matrix.size(c) > 1) {
                sizeIndex[matrix.size(c) - 1] = 0;
            }
        }
        int distinct = 0;
        for (int s = 0; s <= maxSize; s++) {
            if (sizeIndex[s] == 0) {
                sizeIndex[s] = distinct++;
            }
        }
        int[] sizes = new int[distinct];
        for (int s = 0; s <= maxSize; s++) {
            if (sizeIndex[s] >= 0) {
                sizes[sizeIndex[s]] = s;
            }
        }
        Histograms histograms = Histograms.of(matrix, buyersByItem, sizeIndex, distinct);

        double[] logQ = new double[items]; // log(1 - P_B)
        for (int b = 0; b < items; b++) {
            logQ[b] = CorrectedScore.logQ(buyersByItem.size(b), matrix.pairs());
        }
        double[] table = (long) items * distinct <= TABLE_BUDGET ? new double[items * distinct] : null;
        if (table != null) {
            for (int b = 0; b < items; b++) {
                for (int k = 0; k < distinct; k++) {
                    table[b * distinct + k] = CorrectedScore.term(sizes[k], logQ[b]);
                }
            }
        }
        return new Scorer(histograms, Buckets.of(histograms, sizes, logQ), sizes, logQ, table, distinct);
    }

    private record Scorer(Histograms histograms, Buckets buckets, int[] sizes, double[] logQ, double[] table,
                          int width) implements PairScorer {
        @Override
        public double score(int a, int b, int together) {
            double expected = 0;
            int[] offsets = histograms.offsets;
            int[] sizeIndex = histograms.sizeIndex;
            int[] count = histograms.count;
            if (table != null) {
                int row = b * width;
                for (int h = offsets[a]; h < offsets[a + 1]; h++) {
                    expected += count[h] * table[row + sizeIndex[h]];
                }
            } else {
                for (int h = offsets[a]; h < offsets[a + 1]; h++) {
                    expected += count[h] * CorrectedScore.term(sizes[sizeIndex[h]], logQ[b]);
                }
            }
            return CorrectedScore.score(together, expected);
        }

        /** The score with E_AB replaced by the lower bound of {@link Buckets}; the score falls as E_AB grows. */
        @Override
        public double upperBound(int a, int b, int together) {
            double low = buckets.expectedLowerBound(a, b);
            return low > 0 ? (together - low) / Math.sqrt(low) : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * For each item A, the histogram of n_c over its buyers (n_c >= 1 only: n_c = 0 expects nothing), in
     * ascending n_c (size indexes follow the sizes), the order {@link CorrectedScore#expected} sums in.
     */
    record Histograms(int[] offsets, int[] sizeIndex, int[] count) {
        static Histograms of(CustomerItems matrix, Csr buyersByItem, int[] sizeIndex, int distinct) {
            int items = buyersByItem.rows();
            int[] offsets = new int[items + 1];
            int[] index = new int[buyersByItem.values().length];
            int[] count = new int[index.length];
            int[] dense = new int[distinct];
            int[] touched = new int[distinct];
            int out = 0;
            for (int a = 0; a < items; a++) {
                offsets[a] = out;
                int used = 0;
                for (int j = buyersByItem.start(a); j < buyersByItem.end(a); j++) {
                    int others = matrix.size(buyersByItem.values()[j]) - 1;
                    if (others > 0) {
                        int k = sizeIndex[others];
                        if (dense[k]++ == 0) {
                            touched[used++] = k;
                        }
                    }
                }
                Arrays.sort(touched, 0, used);
                for (int t = 0; t < used; t++) {
                    index[out] = touched[t];
                    count[out] = dense[touched[t]];
                    dense[touched[t]] = 0;
                    out++;
                }
            }
            offsets[items] = out;
            return new Histograms(offsets, Arrays.copyOf(index, out), java.util.Arrays.copyOf(count, out));
        }
    }

    @Override
    public String toString() {
        return "corrected";
    }
}
