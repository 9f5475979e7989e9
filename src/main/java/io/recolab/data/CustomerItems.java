package io.recolab.data;

import java.util.Arrays;

/**
 * The binary customer x item matrix of a log: for each customer, the distinct items they interacted
 * with (sorted by item index) and the time of their latest interaction with each. This is what the
 * neighbourhood methods and the "never recommend an owned item" rule work on.
 */
public final class CustomerItems {
    private final int[] offsets;
    private final int[] items;
    private final long[] lastTime;
    private final int itemCount;

    private CustomerItems(int[] offsets, int[] items, long[] lastTime, int itemCount) {
        this.offsets = offsets;
        this.items = items;
        this.lastTime = lastTime;
        this.itemCount = itemCount;
    }

    static CustomerItems of(Interactions log, Csr byCustomer) {
        int customers = byCustomer.rows();
        int[] offsets = new int[customers + 1];
        int[] items = new int[byCustomer.values().length];
        long[] last = new long[items.length];
        long[] keys = new long[0];
        int out = 0;
        for (int c = 0; c < customers; c++) {
            offsets[c] = out;
            int start = byCustomer.start(c);
            int n = byCustomer.size(c);
            if (keys.length < n) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
            // Sort (item, position) pairs; positions grow with time, so the last of a run is the latest.
            for (int j = 0; j < n; j++) {
                int position = byCustomer.values()[start + j];
                keys[j] = ((long) log.item(position) << 32) | position;
            }
            Arrays.sort(keys, 0, n);
            for (int j = 0; j < n; j++) {
                int item = (int) (keys[j] >>> 32);
                int position = (int) keys[j];
                if (out > offsets[c] && items[out - 1] == item) {
                    last[out - 1] = log.time(position);
                } else {
                    items[out] = item;
                    last[out] = log.time(position);
                    out++;
                }
            }
        }
        offsets[customers] = out;
        return new CustomerItems(offsets, Arrays.copyOf(items, out), Arrays.copyOf(last, out), log.itemCount());
    }

    public int customers() {
        return offsets.length - 1;
    }

    public int itemCount() {
        return itemCount;
    }

    public int start(int customer) {
        return offsets[customer];
    }

    public int end(int customer) {
        return offsets[customer + 1];
    }

    /** Number of distinct items of the customer (0 for a customer with no history before the cut). */
    public int size(int customer) {
        return offsets[customer + 1] - offsets[customer];
    }

    public int item(int entry) {
        return items[entry];
    }

    public long lastTime(int entry) {
        return lastTime[entry];
    }

    /** Total number of (customer, item) pairs. */
    public int pairs() {
        return items.length;
    }

    public boolean owns(int customer, int item) {
        return customer >= 0 && customer < customers()
                && Arrays.binarySearch(items, offsets[customer], offsets[customer + 1], item) >= 0;
    }

    /** The transposed matrix: for each item, its distinct customers in increasing order. */
    public Csr byItem() {
        int[] itemOffsets = new int[itemCount + 1];
        for (int item : items) {
            itemOffsets[item + 1]++;
        }
        for (int i = 0; i < itemCount; i++) {
            itemOffsets[i + 1] += itemOffsets[i];
        }
        int[] next = itemOffsets.clone();
        int[] customersOfItem = new int[items.length];
        for (int c = 0; c < customers(); c++) {
            for (int e = offsets[c]; e < offsets[c + 1]; e++) {
                customersOfItem[next[items[e]]++] = c;
            }
        }
        return new Csr(itemOffsets, customersOfItem);
    }

    long estimatedBytes() {
        return 48 + 4L * offsets.length + 4L * items.length + 8L * lastTime.length;
    }
}
