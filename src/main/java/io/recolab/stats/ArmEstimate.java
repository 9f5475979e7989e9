package io.recolab.stats;

/**
 * What every test needs from an arm: its unit count, the estimate of its mean, and the per-unit
 * variance such that variance/n is the variance of that estimate (for ratio and CUPED arms the
 * variance of the linearised per-unit value).
 */
public record ArmEstimate(long n, double mean, double variance) {
    public ArmEstimate {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        Checks.finite("mean", mean);
        Checks.finite("variance", variance);
        if (variance < 0) {
            throw new IllegalArgumentException("variance must be >= 0, got " + variance);
        }
    }

    public double varianceOfMean() {
        return variance / n;
    }
}
