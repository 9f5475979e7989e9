package io.recolab.recommend;

/** A trained recommender: scores items for one customer. Must be safe to call from several threads. */
@FunctionalInterface
public interface TrainedModel {
    /**
     * Adds the customer's item scores to {@code scores} (length = item count, zeroed by the caller).
     * Higher is better; only scores above 0 count as recommendations, the rest are left to the fallback.
     * {@code customer} is a dense index of the training log; a customer without history may get no scores.
     * Owned items may be scored: the shared top-N step removes them.
     */
    void score(int customer, float[] scores);
}
