package io.recolab.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The synthetic catalogue: topic, base popularity and release day per item, and each day's sampling tables. */
final class ItemCatalogue {
    private final int topics;
    private final double[] base;
    private final int[] release;
    private final int[] topicStart;
    private final int[] topicItems;
    private final double[] topicCumulative;
    private final double[] globalCumulative;
    private final double[] trend;

    private ItemCatalogue(int topics, double[] base, int[] release, int[] topicOf) {
        this.topics = topics;
        this.base = base;
        this.release = release;
        Csr byTopic = Csr.groupPositions(topicOf, topicOf.length, topics);
        this.topicStart = byTopic.offsets();
        this.topicItems = byTopic.values();
        this.topicCumulative = new double[base.length];
        this.globalCumulative = new double[base.length];
        this.trend = new double[120];
        for (int age = 0; age < trend.length; age++) {
            trend[age] = 1 + SyntheticGenerator.TREND_BOOST * Math.exp(-age / SyntheticGenerator.TREND_DAYS);
        }
    }

    static ItemCatalogue create(int items, int days, SplittableRandom random) {
        int topics = Math.max(1, Math.min(50, items / 40));
        int[] rank = new int[items];
        for (int i = 0; i < items; i++) {
            rank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) { // Fisher-Yates: popularity rank independent of id
            int j = random.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        double[] base = new double[items];
        int[] release = new int[items];
        int[] topicOf = new int[items];
        for (int i = 0; i < items; i++) {
            base[i] = 1.0 / (rank[i] + 2);
            topicOf[i] = random.nextInt(topics);
            release[i] = random.nextDouble() < SyntheticGenerator.NEW_ITEM_SHARE ? random.nextInt(days) : -1;
        }
        return new ItemCatalogue(topics, base, release, topicOf);
    }

    int topics() {
        return topics;
    }

    int release(int item) {
        return release[item];
    }

    /** Rebuilds the cumulative weights for one day: unreleased items weigh 0, new ones trend. */
    void prepareDay(int day) {
        double global = 0;
        for (int t = 0; t < topics; t++) {
            double sum = 0;
            for (int k = topicStart[t]; k < topicStart[t + 1]; k++) {
                sum += weight(topicItems[k], day);
                topicCumulative[k] = sum;
            }
        }
        for (int i = 0; i < base.length; i++) {
            global += weight(i, day);
            globalCumulative[i] = global;
        }
    }

    /** An item of {@code topic} (or of the whole catalogue when topic < 0) by today's weights. */
    int sample(int topic, SplittableRandom random) {
        if (topic >= 0) {
            int from = topicStart[topic];
            int to = topicStart[topic + 1];
            if (to > from && topicCumulative[to - 1] > 0) {
                int k = search(topicCumulative, from, to, random.nextDouble() * topicCumulative[to - 1]);
                return topicItems[k];
            }
        }
        double total = globalCumulative[base.length - 1];
        if (total <= 0) { // nothing released yet: any item
            return random.nextInt(base.length);
        }
        return search(globalCumulative, 0, base.length, random.nextDouble() * total);
    }

    private double weight(int item, int day) {
        int age = day - release[item];
        if (release[item] < 0) {
            return base[item];
        }
        if (age < 0) {
            return 0;
        }
        return base[item] * (age < trend.length ? trend[age] : 1);
    }

    /** The first index in [from, to) whose cumulative weight exceeds {@code target}. */
    private static int search(double[] cumulative, int from, int to, double target) {
        int k = Arrays.binarySearch(cumulative, from, to, target);
        k = k >= 0 ? k + 1 : -k - 1;
        // skip zero-weight entries (unreleased items share the previous cumulative value)
        return Math.min(k, to - 1);
    }
}
