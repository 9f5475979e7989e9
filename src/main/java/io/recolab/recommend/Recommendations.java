package io.recolab.recommend;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.bestseller.Bestseller;

import java.util.Arrays;

/**
 * The one top-N step every recommender goes through (DESIGN: "Recommenders separate scoring from ranking"):
 * score with the model, drop what the customer already has, keep the n best (ties by lower item index,
 * which is item-id order), and fill any remaining slots from a fallback ranking (bestseller over the
 * 14 days before the cutoff). Unknown customers and customers with no history get the fallback only,
 * marked by {@link Ranked#personalized()} = 0. Thread-safe.
 */
public final class Recommendations {
    private final TrainedModel model;
    private final Interactions training;
    private final CustomerItems owned;
    private final int[] fallback;
    /** Items nobody had before the cutoff: not known to a model trained on this data, so never a fallback pick. */
    private final boolean[] unseen;
    private final ThreadLocal<Scratch> scratch;

    public Recommendations(TrainedModel model, Interactions training, int[] fallback) {
        if (fallback.length != training.itemCount()) {
            throw new IllegalArgumentException("the fallback must rank all " + training.itemCount() + " items, got "
                    + fallback.length);
        }
        this.model = model;
        this.training = training;
        this.owned = training.customerItems();
        this.fallback = fallback.clone();
        this.unseen = new boolean[training.itemCount()];
        Arrays.fill(unseen, true);
        for (int e = 0; e < owned.pairs(); e++) {
            unseen[owned.item(e)] = false;
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(training.itemCount()));
    }

    /** Trains {@code recommender} on {@code training} and pairs it with the bestseller fallback of the same data. */
    public static Recommendations train(Recommender recommender, Interactions training) {
        return new Recommendations(recommender.train(training), training,
                Bestseller.ranking(training, Bestseller.DEFAULT_WINDOW));
    }

    /** The chosen settings of the model, empty when they were fixed (see {@link TrainedModel#settings()}). */
    public String settings() {
        return model.settings();
    }

    public Interactions training() {
        return training;
    }

    /** Top {@code n} for an external customer id; an id the training data never saw gets the fallback. */
    public Ranked top(String customerId, int n) {
        return top(training.customers().index(customerId), n);
    }

    /** Top {@code n} for a dense customer index; a negative index means an unknown customer. */
    public Ranked top(int customer, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (customer >= training.customerCount()) {
            throw new IllegalArgumentException("customer index " + customer + " out of range 0.."
                    + (training.customerCount() - 1));
        }
        Scratch s = scratch.get();
        float[] scores = s.scores;
        boolean[] excluded = s.excluded;
        Arrays.fill(scores, 0f);
        Arrays.fill(excluded, false);
        boolean known = customer >= 0 && owned.size(customer) > 0;
        if (known) {
            model.score(customer, scores);
            for (int e = owned.start(customer); e < owned.end(customer); e++) {
                excluded[owned.item(e)] = true; // owned: never recommended, not even by the fallback
            }
        }
        TopK heap = s.heap;
        heap.reset(n);
        for (int item = 0; item < scores.length; item++) {
            if (!excluded[item] && scores[item] > 0) {
                heap.offer(item, scores[item]);
            }
        }
        int[] items = new int[n];
        float[] values = new float[n];
        int personalized = heap.drain(items, values, 0);
        int count = personalized;
        for (int k = 0; k < personalized; k++) {
            excluded[items[k]] = true;
        }
        // The model scored fewer than n items above 0: fill from the fallback with any unowned item not yet chosen,
        // whatever the model's score for it (EASE, for one, scores some items below 0; they were left out).
        for (int r = 0; r < fallback.length && count < n; r++) {
            int item = fallback[r];
            if (!excluded[item] && !unseen[item]) {
                items[count] = item;
                values[count] = 0f;
                excluded[item] = true;
                count++;
            }
        }
        return new Ranked(Arrays.copyOf(items, count), Arrays.copyOf(values, count), personalized);
    }

    private static final class Scratch {
        final float[] scores;
        final boolean[] excluded;
        final TopK heap = new TopK(16);

        Scratch(int items) {
            scores = new float[items];
            excluded = new boolean[items];
        }
    }
}
