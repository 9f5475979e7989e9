package io.recolab.stats;

/**
 * Two-sided asymptotic confidence sequence for a lift: an interval that covers the true lift at
 * every sample size simultaneously, so results may be looked at daily without inflating errors.
 *
 * Source: Waudby-Smith, Arbour, Sinha, Kennedy, Ramdas, "Time-uniform central limit theory and
 * asymptotic confidence sequences", arXiv:2103.06476 (Annals of Statistics, 2024), the asymptotic
 * CS for a mean built on Robbins' normal mixture: with the empirical standard deviation sigma_t of
 * the per-unit observations,
 *
 *   C_t = mu_t +- sigma_t * sqrt( 2 (t rho^2 + 1) / (t^2 rho^2) * ln( sqrt(t rho^2 + 1) / alpha ) ).
 *
 * It is Robbins' normal mixture: mixing exp(l S_t - l^2 t/2) over l ~ N(0, rho^2) gives
 * M_t = exp(rho^2 S_t^2 / (2 (t rho^2 + 1))) / sqrt(t rho^2 + 1) and Ville's inequality
 * P(exists t: M_t >= 1/alpha) <= alpha; solving M_t = 1/alpha for S_t/t gives the radius above.
 * rho is chosen so that the boundary is tightest at t = N* (the paper's closed-form tuning of rho
 * for a target sample size; the same rule Eppo and Statsig document):
 *   rho^2 = (-2 ln alpha + ln(-2 ln alpha + 1)) / N*.
 *
 * For a two-arm lift we follow the paper's randomized-experiment section: each of the
 * t = n_a + n_b units contributes one inverse-propensity-weighted observation whose variance is
 * sigma^2 = t * se^2, where se is the lift's (Welch or delta-method) standard error. So N* counts
 * units over both arms.
 */
public final class ConfidenceSequence {
    private ConfidenceSequence() {
    }

    /** rho^2 tuned so the boundary is tightest at nStar units (the paper's closed-form optimum). */
    public static double rhoSquared(double alpha, double nStar) {
        Checks.probability("alpha", alpha);
        Checks.positive("sequentialTuning", nStar);
        double l = -2 * Math.log(alpha);
        return (l + Math.log(l + 1)) / nStar;
    }

    /** Radius of the CS at level 1 - alpha after t units, for a lift with standard error se. */
    public static double halfWidth(double standardError, long t, double alpha, double rhoSquared) {
        return standardError * radiusPerStandardError(t, alpha, rhoSquared);
    }

    /**
     * The radius in standard errors: with sigma = se sqrt(t) the radius is se times
     * sqrt(t) sqrt(2 (t rho^2 + 1)/(t^2 rho^2) ln(sqrt(t rho^2 + 1)/alpha)) = sqrt(2 (t rho^2 + 1)/(t rho^2) ln(...)).
     * t may be fractional (power planning solves for it).
     */
    public static double radiusPerStandardError(double t, double alpha, double rhoSquared) {
        double tr = t * rhoSquared;
        return Math.sqrt(2 * (tr + 1) / tr * Math.log(Math.sqrt(tr + 1) / alpha));
    }

    /**
     * Always-valid p-value: the smallest alpha whose CS (same rho) excludes 0, i.e. 1/M_t capped at 1
     * (the mixture martingale's reciprocal; Johari, Koomen, Pekelis, Walsh, "Always valid inference",
     * Operations Research 2022). With z = estimate/se: M_t = exp(t rho^2 z^2 / (2 (t rho^2 + 1))) /
     * sqrt(t rho^2 + 1). Computed in logs so a huge z gives 0, not NaN.
     */
    public static double pValue(LiftEstimate lift, long t, double rhoSquared) {
        double z = lift.estimate() / lift.standardError();
        double tr = t * rhoSquared;
        double logM = tr * z * z / (2 * (tr + 1)) - 0.5 * Math.log(tr + 1);
        return Math.min(1, Math.exp(-logM));
    }
}
