package io.recolab.serving;

import io.recolab.recommend.Recommendations;
import java.time.Instant;

/**
 * A trained recommender ready to serve, immutable once built: a retrain builds a new one and swaps
 * it in whole, so no request ever sees half a model.
 *
 * @param dataCutoff the latest interaction time the model learned from
 */
public record Model(String recommender, Recommendations recommendations, Instant trainedAt, Instant dataCutoff,
                    double trainSeconds, long dataBytes) {
}
