package io.recolab.stats;

/** A proper Normal prior on the lift (in the units of the tested lift: relative or absolute). */
public record GaussianPrior(double mean, double variance) {
    public GaussianPrior {
        Checks.finite("prior.mean", mean);
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("prior.variance must be > 0, got " + variance);
        }
    }
}
