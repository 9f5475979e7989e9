package io.recolab.eval;

/**
 * One recommender's pooled result over all cutoffs; the fields of {@code results.csv} (CONTRACT section 3).
 * {@code customers} counts evaluated (customer, cutoff) pairs.
 */
public record EvaluationResult(String recommender, int cutoffs, int customers, double hitAtK, double hitCiLow,
                               double hitCiHigh, double recallAtK, double ndcgAtK, double coverage,
                               double trainSeconds, double recommendSeconds) {
    public EvaluationResult {
        if (customers < 0 || cutoffs < 0) {
            throw new IllegalArgumentException("counts must be >= 0: cutoffs " + cutoffs + ", customers " + customers);
        }
        if (hitCiLow > hitAtK || hitAtK > hitCiHigh) {
            throw new IllegalArgumentException("hit@k " + hitAtK + " outside its interval [" + hitCiLow + ", "
                    + hitCiHigh + "]");
        }
    }
}
