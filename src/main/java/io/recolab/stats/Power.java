package io.recolab.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Units per treatment for a two-sided test of a minimum detectable relative effect, by the normal
 * approximation.
 * - Binomial, baseline p1 and p2 = p1 (1 + effect): the formula behind R's power.prop.test
 *   (Fleiss, Levin, Paik, "Statistical Methods for Rates and Proportions", 3rd ed., ch. 4, without
 *   the continuity correction): n = (z_{1-a/2} sqrt(2 pbar qbar) + z_power sqrt(p1 q1 + p2 q2))^2 / (p2 - p1)^2,
 *   pbar = (p1 + p2)/2: the null is judged with the pooled variance, the alternative with each arm's own.
 * - Mean with standard deviation s (equal in both arms), delta = baseline * effect:
 *   n = 2 s^2 (z_{1-a/2} + z_power)^2 / delta^2 (e.g. Chow, Shao, Wang, "Sample Size Calculations in
 *   Clinical Research", ch. 3, two-sample parallel design, normal approximation).
 * With k > 2 treatments each of the k - 1 comparisons with the control gets alpha/(k - 1)
 * (Bonferroni), a safe plan for Holm, which is never less powerful.
 *
 * A sequential test (test = sequential) is planned for the test it is: it rejects when the
 * confidence sequence at t = 2n units (control and treatment) excludes 0, i.e. when |estimate| >
 * c(t) se with c(t) = the CS radius per standard error (Waudby-Smith et al., see
 * {@link ConfidenceSequence}; rho tuned at alpha and N*, the level alpha/(k - 1), as Analyzer does).
 * With the estimate ~ N(delta, se^2) its power at n is about Phi(delta/se - c(2n)), so n solves
 *   delta = (c(2n) + z_power) sd1 / sqrt(n),
 * sd1 = sqrt(p1 q1 + p2 q2) (binomial) or sqrt(2) s (mean); the right side falls with n, so
 * bisection finds the one root. The fixed-horizon n gave the sequential test only 33-38% power.
 */
public final class Power {
    /** More units than any experiment has (about 10^8 people per arm, times 10^7): beyond it no count is meaningful. */
    static final double MAX_UNITS = 1e15;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1, 1e-12);

    private Power() {
    }

    /** standardDeviation null means a binomial metric; unitsPerDay null means no duration is wanted. */
    public record Request(double baseline, double relativeEffect, double alpha, double power, int treatments,
                          Double standardDeviation, Double unitsPerDay, TestType test, double sequentialTuning) {
        /** A fixed-horizon plan (the frequentist test). */
        public Request(double baseline, double relativeEffect, double alpha, double power, int treatments,
                       Double standardDeviation, Double unitsPerDay) {
            this(baseline, relativeEffect, alpha, power, treatments, standardDeviation, unitsPerDay, TestType.FREQUENTIST,
                    ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING);
        }

        public Request {
            if (test == null) {
                throw new IllegalArgumentException("test is required");
            }
            Checks.positive("sequentialTuning", sequentialTuning);
            Checks.finite("baseline", baseline);
            Checks.finite("relativeEffect", relativeEffect);
            if (relativeEffect == 0) {
                throw new IllegalArgumentException("relativeEffect must be non-zero, got 0");
            }
            Checks.probability("alpha", alpha);
            Checks.probability("power", power);
            if (power <= alpha) {
                // Below its level a test "detects" nothing: the formula's root is meaningless there.
                throw new IllegalArgumentException("power must be greater than alpha (" + alpha + "), got " + power);
            }
            if (treatments < 2) {
                throw new IllegalArgumentException("treatments must be >= 2 (control included), got " + treatments);
            }
            if (standardDeviation == null) {
                Checks.probability("baseline", baseline);
                double p2 = baseline * (1 + relativeEffect);
                if (!(p2 > 0 && p2 < 1)) {
                    throw new IllegalArgumentException("baseline * (1 + relativeEffect) must be between 0 and 1, got "
                            + p2);
                }
            } else {
                Checks.positive("standardDeviation", standardDeviation);
                if (baseline == 0) {
                    throw new IllegalArgumentException("baseline must be non-zero for a mean metric, got 0");
                }
            }
            if (unitsPerDay != null) {
                Checks.positive("unitsPerDay", unitsPerDay);
            }
        }
    }

    /** unitsPerTreatmentExact is the unrounded formula value; days is null without unitsPerDay. */
    public record Result(long unitsPerTreatment, double unitsPerTreatmentExact, long totalUnits,
                         double alphaPerComparison, double absoluteEffect, Long days, String test) {
    }

    public static Result sampleSize(Request r) {
        double alpha = r.alpha() / (r.treatments() - 1);
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double zPower = STANDARD_NORMAL.inverseCumulativeProbability(r.power());
        double delta = r.baseline() * r.relativeEffect();
        double n;
        double p1 = r.baseline();
        double p2 = p1 + delta;
        // Per-unit sd of the difference under the alternative: the lift's se is sd1/sqrt(n).
        double sd1 = r.standardDeviation() == null ? Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
                : Math.sqrt(2) * r.standardDeviation();
        if (r.test() == TestType.SEQUENTIAL) {
            n = sequentialUnits(Math.abs(delta), sd1, zPower, alpha, ConfidenceSequence.rhoSquared(r.alpha(),
                    r.sequentialTuning()));
        } else if (r.standardDeviation() == null) {
            double pbar = (p1 + p2) / 2;
            double root = zAlpha * Math.sqrt(2 * pbar * (1 - pbar)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
            n = root * root / (delta * delta);
        } else {
            double s = r.standardDeviation();
            n = 2 * s * s * (zAlpha + zPower) * (zAlpha + zPower) / (delta * delta);
        }
        // An effect so small that the units needed do not fit in a count (1e-300 asks for ~1e600)
        // would come out as Long.MAX_VALUE per arm and a negative total: refused, not wrapped.
        if (!(Math.ceil(n) * r.treatments() < MAX_UNITS)) {
            throw new IllegalArgumentException("relativeEffect " + r.relativeEffect() + " is too small to plan for: it needs "
                    + String.format(java.util.Locale.ROOT, "%.3g", n) + " units per treatment, more than "
                    + String.format(java.util.Locale.ROOT, "%.0e", MAX_UNITS) + " in all");
        }
        long perTreatment = (long) Math.ceil(n);
        long total = perTreatment * r.treatments();
        // Traffic is split evenly, so the experiment needs total units at the observed daily rate.
        Long days = r.unitsPerDay() == null ? null : (long) Math.ceil(total / r.unitsPerDay());
        return new Result(perTreatment, n, total, alpha, Math.abs(delta), days,
                r.test() == TestType.SEQUENTIAL ? "sequential" : "frequentist");
    }

    /** The n per arm where (c(2n) + z_power) sd1/sqrt(n) = delta, by bisection on the falling left side. */
    static double sequentialUnits(double delta, double sd1, double zPower, double alpha, double rhoSquared) {
        java.util.function.DoubleUnaryOperator excess = n ->
                (ConfidenceSequence.radiusPerStandardError(2 * n, alpha, rhoSquared) + zPower) * sd1 / Math.sqrt(n) - delta;
        double lo = 1;
        double hi = 2;
        while (excess.applyAsDouble(hi) > 0) {
            lo = hi;
            hi *= 2;
            if (hi > 1e15) {
                throw new IllegalArgumentException("the effect is too small to detect with fewer than 1e15 units per treatment");
            }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (excess.applyAsDouble(mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
