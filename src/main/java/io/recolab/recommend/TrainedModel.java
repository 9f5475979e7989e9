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

    /**
     * The settings this model was trained with when they were chosen per training log (temporal
     * validation), e.g. {@code lambda=250 (hit@k on 57 validation customers: ...)}; empty for fixed settings.
     * {@code evaluate} reports it per cutoff (settings.csv, report.md).
     */
    default String settings() {
        return "";
    }

    /** {@code model} reporting {@code settings} as its chosen settings. */
    static TrainedModel described(TrainedModel model, String settings) {
        return new Described(model, settings);
    }

    /** A model and the description of how its settings were chosen. */
    record Described(TrainedModel model, String settings) implements TrainedModel {
        @Override
        public void score(int customer, float[] scores) {
            model.score(customer, scores);
        }
    }
}
