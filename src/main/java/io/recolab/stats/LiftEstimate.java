package io.recolab.stats;

/**
 * A lift's point estimate with its standard error and the Welch-Satterthwaite degrees of freedom
 * that its t quantile uses.
 */
public record LiftEstimate(double estimate, double standardError, double degreesOfFreedom) {
    public LiftEstimate {
        Checks.finite("estimate", estimate);
        Checks.finite("standardError", standardError);
        if (standardError < 0) {
            throw new IllegalArgumentException("standardError must be >= 0, got " + standardError);
        }
    }

    public boolean hasVariance() {
        return standardError > 0;
    }
}
