package io.recolab.recommend.bestseller;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;

import java.time.Duration;
import java.util.Arrays;

/**
 * The baseline of CONTRACT section 3: items ranked by distinct customers in the window (default 14 days)
 * before the cutoff, ties by distinct customers before the cutoff, then by item id. The same ranking is
 * every model's fallback for cold customers.
 */
public final class Bestseller implements Recommender {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);

    private final Duration window;

    public Bestseller() {
        this(DEFAULT_WINDOW);
    }

    public Bestseller(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("bestseller window must be positive, got " + window);
        }
        this.window = window;
    }

    @Override
    public TrainedModel train(Interactions training) {
        int[] ranking = ranking(training, window);
        // Scores encode the rank exactly ((n - rank) / n, distinct for n < 2^24 items), so the shared
        // top-N step reproduces the contract's tie-breaks; items nobody bought score 0 and are left out.
        float[] score = new float[ranking.length];
        int[] total = distinctCustomers(training, Long.MIN_VALUE);
        int n = ranking.length;
        for (int rank = 0; rank < n; rank++) {
            int item = ranking[rank];
            score[item] = total[item] > 0 ? (float) (n - rank) / n : 0f;
        }
        return (customer, scores) -> {
            for (int item = 0; item < scores.length; item++) {
                scores[item] += score[item];
            }
        };
    }

    /** All items, best first, by the contract's rule. */
    public static int[] ranking(Interactions training, Duration window) {
        long since = training.horizon() - window.toSeconds();
        int[] recent = distinctCustomers(training, since);
        int[] total = distinctCustomers(training, Long.MIN_VALUE);
        Integer[] order = new Integer[training.itemCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> recent[a] != recent[b] ? Integer.compare(recent[b], recent[a])
                : total[a] != total[b] ? Integer.compare(total[b], total[a]) : Integer.compare(a, b));
        int[] ranking = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            ranking[i] = order[i];
        }
        return ranking;
    }

    /** Distinct customers per item whose latest interaction with it is at or after {@code since}. */
    static int[] distinctCustomers(Interactions training, long since) {
        CustomerItems matrix = training.customerItems();
        int[] count = new int[training.itemCount()];
        for (int e = 0; e < matrix.pairs(); e++) {
            if (matrix.lastTime(e) >= since) {
                count[matrix.item(e)]++;
            }
        }
        return count;
    }
}
