package io.recolab.eval;

import java.util.Arrays;

/** Per-(customer, cutoff) ranking metrics; pure functions. */
public final class Metrics {
    private Metrics() {
    }

    /** How many of {@code recommended} are in {@code relevant[from, to)} (sorted). */
    public static int hits(int[] recommended, int[] relevant, int from, int to) {
        int hits = 0;
        for (int item : recommended) {
            if (Arrays.binarySearch(relevant, from, to, item) >= 0) {
                hits++;
            }
        }
        return hits;
    }

    /** recall@k = hits / number of relevant items (Herlocker et al. 2004 define it the same way). */
    public static double recall(int hits, int relevant) {
        return relevant == 0 ? 0 : (double) hits / relevant;
    }

    /**
     * NDCG@k with binary relevance (Jarvelin and Kekalainen 2002): DCG = sum over hit positions r (0-based)
     * of 1 / log2(r + 2), divided by the DCG of an ideal list with min(k, relevant) hits first.
     */
    public static double ndcg(int[] recommended, int k, int[] relevant, int from, int to) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, recommended.length); r++) {
            if (Arrays.binarySearch(relevant, from, to, recommended[r]) >= 0) {
                dcg += 1 / log2(r + 2);
            }
        }
        double ideal = 0;
        for (int r = 0; r < Math.min(k, to - from); r++) {
            ideal += 1 / log2(r + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
