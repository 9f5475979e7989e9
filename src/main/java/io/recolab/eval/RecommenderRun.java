package io.recolab.eval;

/**
 * One recommender's full evaluation: the main rows ({@code results.csv}), the cold-start rows kept apart
 * ({@code cold-start.csv}), the share of recommended slots taken by the popular head of the catalogue
 * ({@link PopularItems}) in each group, and the 0/1 hit of every evaluated (customer, cutoff) pair in the
 * evaluation's pair order, for paired comparisons.
 */
public record RecommenderRun(EvaluationResult result, double popularShare, EvaluationResult coldStart,
                             double coldStartPopularShare, byte[] hits) {
    public RecommenderRun {
        if (hits.length != result.customers()) {
            throw new IllegalArgumentException(result.recommender() + ": " + hits.length + " hits for "
                    + result.customers() + " pairs");
        }
    }

    public String name() {
        return result.recommender();
    }
}
