package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.TopK;

import java.util.stream.IntStream;

/**
 * The offline similar-items table: for each item A, up to {@code maxRelated} items B with the highest
 * positive relatedness, best first (ties by lower index). Built as in Linden, Smith and York (2003):
 * for each item A, for each customer who bought A, for each other item B of that customer, count N_AB;
 * only pairs that co-occur are ever touched, never all item pairs. Items are processed in parallel,
 * each thread with its own dense counters.
 */
public record SimilarItems(int[] offsets, int[] related, float[] weight) {
    public SimilarItems {
        if (related.length != weight.length || offsets[offsets.length - 1] != related.length) {
            throw new IllegalArgumentException("inconsistent table: " + related.length + " related, " + weight.length
                    + " weights, last offset " + offsets[offsets.length - 1]);
        }
    }

    public int start(int item) {
        return offsets[item];
    }

    public int end(int item) {
        return offsets[item + 1];
    }

    /**
     * The same table keeping at most {@code maxRelated} items per list: lists are best first, so this equals
     * a table built with that limit, without recomputing any relatedness (the tuning grid shares one build).
     */
    public SimilarItems truncated(int maxRelated) {
        int items = offsets.length - 1;
        int[] newOffsets = new int[items + 1];
        for (int a = 0; a < items; a++) {
            newOffsets[a + 1] = newOffsets[a] + Math.min(maxRelated, offsets[a + 1] - offsets[a]);
        }
        if (newOffsets[items] == related.length) {
            return this;
        }
        int[] newRelated = new int[newOffsets[items]];
        float[] newWeight = new float[newOffsets[items]];
        for (int a = 0; a < items; a++) {
            int n = newOffsets[a + 1] - newOffsets[a];
            System.arraycopy(related, offsets[a], newRelated, newOffsets[a], n);
            System.arraycopy(weight, offsets[a], newWeight, newOffsets[a], n);
        }
        return new SimilarItems(newOffsets, newRelated, newWeight);
    }

    public static SimilarItems build(Interactions training, Relatedness measure, int maxRelated, int minSupport) {
        CustomerItems matrix = training.customerItems();
        Csr buyers = training.itemCustomers();
        Relatedness.PairScorer scorer = measure.fit(matrix, buyers);
        int items = training.itemCount();
        int[][] relatedOf = new int[items][];
        float[][] weightOf = new float[items][];
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(items, maxRelated));
        IntStream.range(0, items).parallel().forEach(a -> {
            Scratch s = scratch.get();
            int candidates = candidates(a, matrix, buyers, scorer, minSupport, s);
            topRelated(a, candidates, scorer, maxRelated, s);
            relatedOf[a] = new int[s.heap.size()];
            weightOf[a] = new float[s.heap.size()];
            s.heap.drain(relatedOf[a], weightOf[a], 0);
        });
        int[] offsets = new int[items + 1];
        for (int a = 0; a < items; a++) {
            offsets[a + 1] = offsets[a] + relatedOf[a].length;
        }
        int[] related = new int[offsets[items]];
        float[] weight = new float[offsets[items]];
        for (int a = 0; a < items; a++) {
            System.arraycopy(relatedOf[a], 0, related, offsets[a], relatedOf[a].length);
            System.arraycopy(weightOf[a], 0, weight, offsets[a], weightOf[a].length);
        }
        return new SimilarItems(offsets, related, weight);
    }

    /**
     * Counts N_AB for every B co-bought with A by scanning A's customers (the 2003 algorithm) and keeps
     * the B with enough support and a positive bound; returns how many, left in the scratch arrays.
     */
    private static int candidates(int a, CustomerItems matrix, Csr buyers, Relatedness.PairScorer scorer,
                                  int minSupport, Scratch s) {
        int touched = 0;
        for (int j = buyers.start(a); j < buyers.end(a); j++) {
            int c = buyers.values()[j];
            for (int e = matrix.start(c); e < matrix.end(c); e++) {
                int b = matrix.item(e);
                if (b != a && s.together[b]++ == 0) {
                    s.touched[touched++] = b;
                }
            }
        }
        int candidates = 0;
        for (int t = 0; t < touched; t++) {
            int b = s.touched[t];
            int together = s.together[b];
            s.together[b] = 0;
            if (together >= minSupport) {
                float bound = (float) scorer.upperBound(a, b, together);
                if (bound > 0) {
                    s.candidate[candidates] = b;
                    s.support[candidates] = together;
                    s.bound[candidates] = bound;
                    candidates++;
                }
            }
        }
        return candidates;
    }

    /**
     * Leaves A's best related items in {@code s.heap}. The most promising candidates by bound are scored
     * exactly first; after that only candidates whose bound can still beat the worst kept score are
     * (rounding to float is monotone, so comparing rounded bounds with rounded scores is safe).
     */
    private static void topRelated(int a, int candidates, Relatedness.PairScorer scorer, int maxRelated, Scratch s) {
        s.probe.reset(maxRelated);
        for (int j = 0; j < candidates; j++) {
            s.probe.offer(j, s.bound[j]);
        }
        int probed = s.probe.drain(s.order, null, 0);
        s.heap.reset(maxRelated);
        for (int q = 0; q < probed; q++) {
            int j = s.order[q];
            offer(s.heap, s.candidate[j], scorer.score(a, s.candidate[j], s.support[j]));
            s.support[j] = -1; // scored
        }
        for (int j = 0; j < candidates; j++) {
            if (s.support[j] > 0 && (!s.heap.isFull() || s.bound[j] >= s.heap.worstScore())) {
                offer(s.heap, s.candidate[j], scorer.score(a, s.candidate[j], s.support[j]));
            }
        }
    }

    private static void offer(TopK heap, int b, double score) {
        if (score > 0) {
            heap.offer(b, (float) score);
        }
    }

    private static final class Scratch {
        final int[] together;
        final int[] touched;
        final int[] candidate;
        final int[] support;
        final float[] bound;
        final int[] order;
        final TopK probe;
        final TopK heap;

        Scratch(int items, int maxRelated) {
            together = new int[items];
            touched = new int[items];
            candidate = new int[items];
            support = new int[items];
            bound = new float[items];
            order = new int[maxRelated];
            probe = new TopK(maxRelated);
            heap = new TopK(maxRelated);
        }
    }
}
