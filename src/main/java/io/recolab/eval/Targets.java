package io.recolab.eval;

import java.util.Arrays;

/**
 * The evaluated customers at one cutoff (increasing index) and, for customer number i, their new items in
 * the window: {@code newItems[offsets[i] .. offsets[i+1])}, sorted, distinct, none owned before the cutoff.
 */
public record Targets(long cutoff, int[] customers, int[] offsets, int[] newItems) {
    public Targets {
        if (offsets.length != customers.length + 1 || offsets[customers.length] != newItems.length) {
            throw new IllegalArgumentException("targets: " + customers.length + " customers need "
                    + (customers.length + 1) + " offsets ending at " + newItems.length + ", got " + offsets.length);
        }
    }

    public int size() {
        return customers.length;
    }

    public int[] newItemsOf(int i) {
        return Arrays.copyOfRange(newItems, offsets[i], offsets[i + 1]);
    }
}
