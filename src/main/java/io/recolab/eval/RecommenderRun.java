package io.recolab.eval;

import java.util.List;

/**
 * One recommender's full evaluation: the main rows ({@code results.csv}), the cold-start rows kept apart
 * ({@code cold-start.csv}), the share of recommended slots taken by the popular head of the catalogue
 * ({@link PopularItems}) in each group, and the 0/1 hit of every evaluated (customer, cutoff) pair in the
 * evaluation's pair order, for paired comparisons; {@code settings}: per cutoff, the settings the model chose by
 * temporal validation inside its training period (empty strings when they were fixed).
 */
public record RecommenderRun(EvaluationResult result, double popularShare, EvaluationResult coldStart,
                             double coldStartPopularShare, byte[] hits, List<String> settings) {
    /** A run whose settings were fixed (none chosen per cutoff). */
    public RecommenderRun(EvaluationResult result, double popularShare, EvaluationResult coldStart,
                          double coldStartPopularShare, byte[] hits) {
        this(result, popularShare, coldStart, coldStartPopularShare, hits, List.of());
    }

    public RecommenderRun {
        settings = List.copyOf(settings);
        if (hits.length != result.customers()) {
            throw new IllegalArgumentException(result.recommender() + ": " + hits.length + " hits for "
                    + result.customers() + " pairs");
        }
    }

    public String name() {
        return result.recommender();
    }
}
