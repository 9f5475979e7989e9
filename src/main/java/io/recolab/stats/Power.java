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
 */
public final class Power {
    /** More units than any experiment has (about 10^8 people per arm, times 10^7): beyond it no count is meaningful. */
    static final double MAX_UNITS = 1e15;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1, 1e-12);

    private Power() {
    }

    /** standardDeviation null means a binomial metric; unitsPerDay null means no duration is wanted. */
    public record Request(double baseline, double relativeEffect, double alpha, double power, int treatments,
                          Double standardDeviation, Double unitsPerDay) {
        public Request {
            Checks.finite("baseline", baseline);
            Checks.finite("relativeEffect", relativeEffect);
            if (relativeEffect == 0) {
                throw new IllegalArgumentException("relativeEffect must be non-zero, got 0");
            }
            Checks.probability("alpha", alpha);
            Checks.probability("power", power);
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
                         double alphaPerComparison, double absoluteEffect, Long days) {
    }

    public static Result sampleSize(Request r) {
        double alpha = r.alpha() / (r.treatments() - 1);
        double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double zPower = STANDARD_NORMAL.inverseCumulativeProbability(r.power());
        double delta = r.baseline() * r.relativeEffect();
        double n;
        if (r.standardDeviation() == null) {
            double p1 = r.baseline();
            double p2 = p1 + delta;
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
        return new Result(perTreatment, n, total, alpha, Math.abs(delta), days);
    }
}
