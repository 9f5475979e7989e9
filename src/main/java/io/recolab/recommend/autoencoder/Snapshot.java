package io.recolab.recommend.autoencoder;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;

/**
 * What the network sees at one point in time t (a training cutoff, or the horizon when recommending),
 * computed from interactions before t only.
 * <ul>
 *   <li>Input of a customer: two blocks over items. Block 1 is the history, 1/sqrt(n) for each of the n
 *       owned items (so heavy and light customers have inputs of the same norm); block 2 is the same items
 *       weighted by recency, 2^(-age / half-life) with age = t - the customer's latest interaction with it.</li>
 *   <li>Item trend features, {@value #FEATURES} per item: log(1 + distinct customers) in the 7, 14 and 28
 *       days before t and ever before t; "newness" 2^(-(t - first interaction) / 14 days); and log(1 + new
 *       customers), those whose first interaction with the item was in the last 7, 14 or 28 days. The last
 *       are what the protocol counts (only new items are hits): an item a few loyal customers buy again and
 *       again is a bestseller but wins few new customers.</li>
 *   <li>Which items are known (have at least one interaction before t): only they can be recommended, as
 *       in the protocol, so the others are masked out of the softmax.</li>
 * </ul>
 */
final class Snapshot {
    static final int FEATURES = 8;
    private static final long DAY = 86_400L;

    final long time;
    final CustomerItems owned;
    final float[] trend;
    final boolean[] known;
    /** How much this moment's examples count in training (recent cutoffs may count more). */
    final float weight;
    private final double halfLifeSeconds;

    private Snapshot(long time, CustomerItems owned, float[] trend, boolean[] known, double halfLifeSeconds,
                     float weight) {
        this.weight = weight;
        this.time = time;
        this.owned = owned;
        this.trend = trend;
        this.known = known;
        this.halfLifeSeconds = halfLifeSeconds;
    }

    /** The snapshot at {@code t} of {@code log} (only rows before t are read). */
    static Snapshot at(Interactions log, long t, double halfLifeDays) {
        Interactions cut = log.before(t);
        CustomerItems owned = cut.customerItems();
        int items = log.itemCount();
        int[] week = new int[items];
        int[] fortnight = new int[items];
        int[] month = new int[items];
        int[] ever = new int[items];
        for (int e = 0; e < owned.pairs(); e++) {
            int item = owned.item(e);
            long age = t - owned.lastTime(e);
            ever[item]++;
            if (age <= 28 * DAY) {
                month[item]++;
                if (age <= 14 * DAY) {
                    fortnight[item]++;
                    if (age <= 7 * DAY) {
                        week[item]++;
                    }
                }
            }
        }
        long[] first = new long[items];
        java.util.Arrays.fill(first, Long.MAX_VALUE);
        for (int p = 0; p < cut.size(); p++) {
            int item = cut.item(p);
            if (first[item] == Long.MAX_VALUE) {
                first[item] = cut.time(p);
            }
        }
        int[][] newCustomers = newCustomers(cut, t);
        float[] trend = new float[FEATURES * items];
        boolean[] known = new boolean[items];
        for (int i = 0; i < items; i++) {
            known[i] = ever[i] > 0;
            trend[i] = (float) Math.log1p(week[i]);
            trend[items + i] = (float) Math.log1p(fortnight[i]);
            trend[2 * items + i] = (float) Math.log1p(month[i]);
            trend[3 * items + i] = (float) Math.log1p(ever[i]);
            trend[4 * items + i] = known[i] ? (float) Math.pow(2, -(t - first[i]) / (14.0 * DAY)) : 0f;
            for (int w = 0; w < 3; w++) {
                trend[(5 + w) * items + i] = (float) Math.log1p(newCustomers[w][i]);
            }
        }
        return new Snapshot(t, owned, trend, known, halfLifeDays * DAY, 1f);
    }

    /** Per item, customers whose first interaction with it is in the last 7, 14 and 28 days before t. */
    private static int[][] newCustomers(Interactions cut, long t) {
        int items = cut.itemCount();
        int[][] counts = new int[3][items];
        int[] stamp = new int[items];
        io.recolab.data.Csr byCustomer = cut.byCustomer();
        for (int c = 0; c < byCustomer.rows(); c++) {
            for (int j = byCustomer.start(c); j < byCustomer.end(c); j++) {
                int p = byCustomer.values()[j];
                int item = cut.item(p);
                if (stamp[item] != c + 1) {
                    stamp[item] = c + 1;
                    long age = t - cut.time(p);
                    if (age <= 28 * DAY) {
                        counts[2][item]++;
                        if (age <= 14 * DAY) {
                            counts[1][item]++;
                            if (age <= 7 * DAY) {
                                counts[0][item]++;
                            }
                        }
                    }
                }
            }
        }
        return counts;
    }

    Snapshot weighted(float w) {
        return new Snapshot(time, owned, trend, known, halfLifeSeconds, w);
    }

    int items() {
        return known.length;
    }

    int historySize(int customer) {
        return customer < owned.customers() ? owned.size(customer) : 0;
    }

    /**
     * Writes the customer's input (2 x items wide) as sparse entries and returns how many; the arrays need
     * room for 2 x {@link #historySize}.
     */
    int input(int customer, int[] index, float[] value) {
        int n = historySize(customer);
        if (n == 0) {
            return 0;
        }
        int items = items();
        float norm = (float) (1 / Math.sqrt(n));
        int out = 0;
        for (int e = owned.start(customer); e < owned.end(customer); e++) {
            int item = owned.item(e);
            index[out] = item;
            value[out++] = norm;
            index[out] = items + item;
            value[out++] = (float) Math.pow(2, -(time - owned.lastTime(e)) / halfLifeSeconds);
        }
        return out;
    }
}
