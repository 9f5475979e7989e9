package io.recolab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What customers went on to consume after a cutoff, the ground truth of the evaluation protocol (CONTRACT
 * section 3) and of the temporal validation inside a training period. The evaluated customers at one cutoff (increasing index) and, for customer number i, their new items in
 * the window: {@code newItems[offsets[i] .. offsets[i+1])}, sorted, distinct, none owned before the cutoff.
 */
public record Targets(long cutoff, int[] customers, int[] offsets, int[] newItems) {
    public Targets {
        if (offsets.length != customers.length + 1 || offsets[customers.length] != newItems.length) {
            throw new IllegalArgumentException("targets: " + customers.length + " customers need "
                    + (customers.length + 1) + " offsets ending at " + newItems.length + ", got " + offsets.length);
        }
    }

    /**
     * The customers with history before {@code cutoff} and, for each, the items first consumed in
     * [cutoff, cutoff + windowSeconds); with {@code cold}, the customers with no history before it and
     * every item of theirs in the window (the cold-start group, reported apart).
     */
    public static Targets of(Interactions log, long cutoff, long windowSeconds, boolean cold) {
        CustomerItems before = log.before(cutoff).customerItems();
        int from = log.positionOf(cutoff);
        int to = log.positionOf(cutoff + windowSeconds);
        long[] pairs = new long[to - from];
        int n = 0;
        for (int p = from; p < to; p++) {
            int c = log.customer(p);
            int item = log.item(p);
            boolean wanted = cold ? before.size(c) == 0 : before.size(c) > 0 && !before.owns(c, item);
            if (wanted) {
                pairs[n++] = ((long) c << 32) | item;
            }
        }
        Arrays.sort(pairs, 0, n);
        List<Integer> customers = new ArrayList<>();
        int[] offsets = new int[n + 1];
        int[] items = new int[n];
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && pairs[i] == pairs[i - 1]) {
                continue;
            }
            int c = (int) (pairs[i] >>> 32);
            if (customers.isEmpty() || customers.get(customers.size() - 1) != c) {
                offsets[customers.size()] = out;
                customers.add(c);
            }
            items[out++] = (int) pairs[i];
        }
        offsets[customers.size()] = out;
        return new Targets(cutoff, customers.stream().mapToInt(Integer::intValue).toArray(),
                Arrays.copyOf(offsets, customers.size() + 1), Arrays.copyOf(items, out));
    }

    public int size() {
        return customers.length;
    }

    public int[] newItemsOf(int i) {
        return Arrays.copyOfRange(newItems, offsets[i], offsets[i + 1]);
    }
}
