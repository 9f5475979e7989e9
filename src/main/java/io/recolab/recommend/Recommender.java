package io.recolab.recommend;

import io.recolab.data.Interactions;

/**
 * An algorithm: learns from a log cut at a cutoff and returns a model that scores items.
 * Implementations are stateless and thread-safe; ranking, exclusion of owned items and the cold-customer
 * fallback are not theirs to do, they live once in {@link Recommendations}.
 */
public interface Recommender {
    /**
     * Trains on every interaction of {@code training}; "now" is {@code training.horizon()} (the cutoff),
     * which recency-aware models use.
     */
    TrainedModel train(Interactions training);
}
