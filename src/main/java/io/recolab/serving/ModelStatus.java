package io.recolab.serving;

import java.time.Instant;

/**
 * What the server knows about one recommender's model: the one serving (if any) and how the latest
 * training attempt went. A failed retrain keeps the previous model serving.
 */
public record ModelStatus(String recommender, State state, Model serving, Instant attemptStartedAt,
                          Instant attemptFinishedAt, String error) {
    public enum State { QUEUED, TRAINING, READY, FAILED }

    static ModelStatus queued(String recommender, Model serving) {
        return new ModelStatus(recommender, State.QUEUED, serving, null, null, null);
    }

    ModelStatus training(Instant at) {
        return new ModelStatus(recommender, State.TRAINING, serving, at, null, null);
    }

    ModelStatus ready(Model model, Instant at) {
        return new ModelStatus(recommender, State.READY, model, attemptStartedAt, at, null);
    }

    ModelStatus failed(String message, Instant at) {
        return new ModelStatus(recommender, State.FAILED, serving, attemptStartedAt, at, message);
    }
}
