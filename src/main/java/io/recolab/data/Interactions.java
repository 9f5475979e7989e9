package io.recolab.data;

import java.util.Arrays;

/**
 * An immutable, columnar interaction log sorted by time: {@code customer[p]}, {@code item[p]},
 * {@code time[p]} (epoch seconds) for positions p in 0..size-1. Customers and items are dense
 * indexes into two {@link Dictionary dictionaries} shared by every cut of the log, so indexes mean
 * the same thing before and after a cutoff.
 *
 * <p>Because the log is sorted, {@link #before(long)} is a prefix: it shares the arrays and only
 * remembers a length and a horizon (the cutoff). Derived views (by customer, the binary
 * customer x item matrix) are built lazily per cut and cached.
 */
public final class Interactions {
    private final int[] customer;
    private final int[] item;
    private final long[] time;
    private final int size;
    private final long horizon;
    private final Dictionary customers;
    private final Dictionary items;
    private Csr byCustomer;
    private CustomerItems customerItems;
    private Csr itemCustomers;

    private Interactions(int[] customer, int[] item, long[] time, int size, long horizon,
                         Dictionary customers, Dictionary items) {
        this.customer = customer;
        this.item = item;
        this.time = time;
        this.size = size;
        this.horizon = horizon;
        this.customers = customers;
        this.items = items;
    }

    /**
     * A log from columns (taken over, not copied) whose indexes already refer to the dictionaries;
     * rows are put in time order (stable, so equal times keep their input order).
     */
    public static Interactions of(int[] customer, int[] item, long[] time, Dictionary customers, Dictionary items) {
        int n = customer.length;
        if (item.length != n || time.length != n) {
            throw new IllegalArgumentException("column lengths differ: customer " + n + ", item " + item.length
                    + ", time " + time.length);
        }
        for (int p = 0; p < n; p++) {
            if (customer[p] < 0 || customer[p] >= customers.size() || item[p] < 0 || item[p] >= items.size()) {
                throw new IllegalArgumentException("row " + p + " refers to customer " + customer[p] + " of "
                        + customers.size() + " / item " + item[p] + " of " + items.size());
            }
        }
        TimeOrder.sort(customer, item, time);
        long horizon = n == 0 ? Long.MIN_VALUE : time[n - 1] + 1;
        return new Interactions(customer, item, time, n, horizon, customers, items);
    }

    public int size() {
        return size;
    }

    public int customer(int position) {
        return customer[position];
    }

    public int item(int position) {
        return item[position];
    }

    public long time(int position) {
        return time[position];
    }

    public Dictionary customers() {
        return customers;
    }

    public Dictionary items() {
        return items;
    }

    public int customerCount() {
        return customers.size();
    }

    public int itemCount() {
        return items.size();
    }

    /** Every interaction of this log is strictly before the horizon: the cutoff, or the last time + 1. */
    public long horizon() {
        return horizon;
    }

    public long firstTime() {
        requireNotEmpty();
        return time[0];
    }

    public long lastTime() {
        requireNotEmpty();
        return time[size - 1];
    }

    /** The first position whose time is at or after {@code t} (size if none): a cut is a prefix. */
    public int positionOf(long t) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (time[mid] < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The same interactions, each {@code seconds} later (the horizon too): e.g. a historical log moved so
     * that its end meets the present, so that interactions reported live continue it without a gap.
     */
    public Interactions shifted(long seconds) {
        long[] moved = new long[size];
        for (int p = 0; p < size; p++) {
            moved[p] = Math.addExact(time[p], seconds);
        }
        return new Interactions(customer, item, moved, size, size == 0 ? horizon : Math.addExact(horizon, seconds),
                customers, items);
    }

    /** The interactions strictly before {@code cutoff}, sharing this log's arrays and dictionaries. */
    public Interactions before(long cutoff) {
        long newHorizon = Math.min(cutoff, horizon);
        return new Interactions(customer, item, time, positionOf(cutoff), newHorizon, customers, items);
    }

    /** Log positions grouped by customer, each group in time order. */
    public synchronized Csr byCustomer() {
        if (byCustomer == null) {
            byCustomer = Csr.groupPositions(customer, size, customers.size());
        }
        return byCustomer;
    }

    /** The binary customer x item matrix with the latest time of each pair. */
    public synchronized CustomerItems customerItems() {
        if (customerItems == null) {
            customerItems = CustomerItems.of(this, byCustomer());
        }
        return customerItems;
    }

    /** For each item, its distinct customers in increasing order (the inverted index). */
    public synchronized Csr itemCustomers() {
        if (itemCustomers == null) {
            itemCustomers = customerItems().byItem();
        }
        return itemCustomers;
    }

    /**
     * Heap bytes of the columns and dictionaries (arrays are shared by cuts and counted in full),
     * plus whichever derived views have been built.
     */
    public synchronized long estimatedBytes() {
        long bytes = 16L * customer.length + 3 * 16 + 64 + customers.estimatedBytes() + items.estimatedBytes();
        if (byCustomer != null) {
            bytes += byCustomer.estimatedBytes();
        }
        if (customerItems != null) {
            bytes += customerItems.estimatedBytes();
        }
        if (itemCustomers != null) {
            bytes += itemCustomers.estimatedBytes();
        }
        return bytes;
    }

    private void requireNotEmpty() {
        if (size == 0) {
            throw new IllegalStateException("the interaction log is empty");
        }
    }

    @Override
    public String toString() {
        return "Interactions[" + size + " rows, " + customers.size() + " customers, " + items.size()
                + " items, horizon " + horizon + "]";
    }

    /** Stable in-place sort of the three columns by time, without boxing. */
    static final class TimeOrder {
        private TimeOrder() {
        }

        static void sort(int[] customer, int[] item, long[] time) {
            int n = time.length;
            boolean sorted = true;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int p = 0; p < n; p++) {
                sorted &= p == 0 || time[p - 1] <= time[p];
                min = Math.min(min, time[p]);
                max = Math.max(max, time[p]);
            }
            if (sorted) {
                return;
            }
            int[] order = new int[n];
            if (max - min >= 0 && max - min < (1L << 32)) {
                // (time offset, row) packed in one long: 32 bits of time span, 31 bits of row number.
                long[] keys = new long[n];
                for (int p = 0; p < n; p++) {
                    keys[p] = ((time[p] - min) << 31) | p;
                }
                Arrays.parallelSort(keys);
                for (int p = 0; p < n; p++) {
                    order[p] = (int) (keys[p] & 0x7fffffffL);
                }
            } else {
                Integer[] boxed = new Integer[n];
                for (int p = 0; p < n; p++) {
                    boxed[p] = p;
                }
                Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
                for (int p = 0; p < n; p++) {
                    order[p] = boxed[p];
                }
            }
            int[] c = customer.clone();
            int[] i = item.clone();
            long[] t = time.clone();
            for (int p = 0; p < n; p++) {
                customer[p] = c[order[p]];
                item[p] = i[order[p]];
                time[p] = t[order[p]];
            }
        }
    }
}
