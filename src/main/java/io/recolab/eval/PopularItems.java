package io.recolab.eval;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The head of the catalogue at a cutoff, for the "share of recommendations from the top 1% most popular
 * items" measure: items ranked by distinct customers before the cutoff (ties by item id, as everywhere),
 * and the first ceil(1% of the items with any customer before the cutoff) of them, at least one. A
 * recommender that only echoes the bestsellers scores near 1; a long-tail one near 0.
 */
public final class PopularItems {
    public static final double SHARE = 0.01;

    private PopularItems() {
    }

    /** The popular items of {@code training} (a log cut at the cutoff) as a set of item indexes. */
    public static BitSet of(Interactions training, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("popular share must be in (0, 1], got " + share);
        }
        CustomerItems matrix = training.customerItems();
        int[] customers = new int[training.itemCount()];
        for (int e = 0; e < matrix.pairs(); e++) {
            customers[matrix.item(e)]++;
        }
        int seen = 0;
        for (int count : customers) {
            if (count > 0) {
                seen++;
            }
        }
        BitSet popular = new BitSet(customers.length);
        if (seen == 0) {
            return popular;
        }
        int head = Math.max(1, (int) Math.ceil(share * seen - 1e-9));
        // (count descending, index ascending) packed into one long: no boxing for large catalogues.
        long[] keys = new long[seen];
        int n = 0;
        for (int item = 0; item < customers.length; item++) {
            if (customers[item] > 0) {
                keys[n++] = ((long) (Integer.MAX_VALUE - customers[item]) << 32) | item;
            }
        }
        Arrays.sort(keys);
        for (int r = 0; r < head; r++) {
            popular.set((int) keys[r]);
        }
        return popular;
    }
}
