package io.recolab.stats;

import java.util.List;
import java.util.Locale;

/**
 * When the normal approximation behind Welch's t (and the confidence sequence) cannot be trusted:
 * the estimate of the lift is itself skewed. Under the null hypothesis both arms share one
 * distribution, with variance s^2 and third central moment k3, and the mean difference has skewness
 *
 *   gamma_d = k3 (1/n_b^2 - 1/n_a^2) / (s^2 (1/n_a + 1/n_b))^(3/2),
 *
 * the first Edgeworth term of the mean difference (Hall, "The Bootstrap and Edgeworth Expansion",
 * 1992, ch. 2); s^2 and k3 are estimated from both arms pooled (what matters for a false positive
 * is the null distribution, and equal arms then give exactly 0 instead of estimation noise).
 * Kohavi, Deng, Longbotham, Xu, "Seven Rules of Thumb for Web Site Experimenters", KDD 2014,
 * rule 7, ask 355 g^2 units for one mean of values with skewness g (its skewness g/sqrt(n) <= 0.053,
 * for a 10% error in one tail). For the two-sided test we warn above |gamma_d| = 0.12: enumerating
 * every binomial A/A outcome (docs/statistics.md) one direction takes 68% of the false positives at
 * |gamma_d| = 0.11 and 78% at 0.19; 20 vs 2,000 units at 5% has gamma_d = -0.91 and a 36%
 * false-positive rate, while equal arms have gamma_d = 0 and are calibrated at small n.
 *
 * k3: binomial p(1-p)(1-2p) exactly; a mean metric from sumCubes when every arm gives it, otherwise
 * (the store keeps no cubes) that of a lognormal with the observed coefficient of variation c,
 * k3 = s^3 (c^3 + 3c), for positive means: revenue-like data (a gamma distribution has less, 2c).
 */
public final class SkewCheck {
    public static final double LIMIT = 0.12;

    private SkewCheck() {
    }

    /** The skewness of the lift's estimate under the null, or NaN when it cannot be judged (no variance). */
    public static double skewnessOfLift(Arm control, Arm treatment, MetricType metric) {
        double[] m = pooledMoments(control, treatment, metric);
        double na = control.stats().n();
        double nb = treatment.stats().n();
        double variance = m[0] * (1 / na + 1 / nb);
        if (!(variance > 0)) {
            return Double.NaN;
        }
        return m[1] * (1 / (nb * nb) - 1 / (na * na)) / Math.pow(variance, 1.5);
    }

    /** A warning for the results page, or null when the estimate is close enough to normal. */
    public static String warning(Arm control, Arm treatment, MetricType metric) {
        if (control.stats().n() < 2 || treatment.stats().n() < 2) {
            return null;
        }
        if (metric == MetricType.RATIO) {
            return ratioWarning(control, treatment);
        }
        double g = skewnessOfLift(control, treatment, metric);
        if (!(Math.abs(g) > LIMIT)) {
            return null;
        }
        Arm small = control.stats().n() <= treatment.stats().n() ? control : treatment;
        double[] m = pooledMoments(control, treatment, metric);
        double unitSkew = Math.abs(m[1]) / Math.pow(m[0], 1.5);
        // With the other arm much larger, gamma_d ~ g/sqrt(n_small): |gamma_d| <= LIMIT needs n_small >= (g/LIMIT)^2.
        long needed = (long) Math.ceil(unitSkew * unitSkew / (LIMIT * LIMIT));
        return String.format(Locale.ROOT, "too few units for a trustworthy test on values this skewed: the lift's"
                + " estimate has skewness %.2f (limit %.2f), so its p-value and interval can be far off (Welch's"
                + " test on skewed values with unequal arms); %s has %d units and needs about %d (the values'"
                + " skewness %.2f, divided by %.2f, squared), or split the traffic more evenly", g, LIMIT, small.name(),
                small.stats().n(), needed, unitSkew, LIMIT);
    }

    /** Units an arm's denominator must be spread over (Kish's effective size) before a ratio is tested. */
    public static final double MIN_RATIO_UNITS = 20;

    /**
     * A ratio sum(Y)/sum(X) is judged by its linearised unit values (Y - R X)/Xbar, which are 0 for every unit
     * with X = Y = 0: what the test sees is the units that carry the denominator, Kish's effective size
     * (sum X)^2 / sum X^2, not n (one unit with an order gives a linearised variance of exactly 0). Seeded A/A
     * (red-team KindsSim, revenue per order, Poisson(0.1..0.3) orders per unit) rejected 25% at 10 units an arm,
     * 11.5% at 20, 5.8% at 200 with 0.1 orders; 4.7% once both arms' effective size was >= 20. Then the
     * numerator's skew is judged as a mean metric's (unequal arms, 900 vs 100 units: 9.6% A/A, 97% "worse").
     */
    private static String ratioWarning(Arm control, Arm treatment) {
        for (Arm arm : List.of(control, treatment)) {
            if (arm.denominator() == null) {
                return null;
            }
            double sx = arm.denominator().denominatorSum();
            double sxx = arm.denominator().denominatorSumSquares();
            double effective = sxx > 0 ? sx * sx / sxx : 0;
            if (effective < MIN_RATIO_UNITS) {
                return String.format(Locale.ROOT, "too few units carry the ratio's denominator for a trustworthy test:"
                        + " %s's denominator is spread over an effective %.1f units ((sum of X)^2 / sum of X^2; at least"
                        + " %.0f are needed), so its p-value and interval can be far off", arm.name(), effective,
                        MIN_RATIO_UNITS);
            }
        }
        return warning(control, treatment, MetricType.MEAN);
    }

    /** One unit's variance (divisor n - 1) from both arms' sums together, as the null hypothesis has it. */
    static double pooledVariance(Arm a, Arm b) {
        double n = a.stats().n() + b.stats().n();
        double s1 = a.stats().sum() + b.stats().sum();
        double s2 = a.stats().sumSquares() + b.stats().sumSquares();
        return Math.max(0, (s2 - s1 * (s1 / n)) / (n - 1));
    }

    /** {variance, third central moment} of one unit's value, from both arms' sums together. */
    private static double[] pooledMoments(Arm a, Arm b, MetricType metric) {
        double n = a.stats().n() + b.stats().n();
        double s1 = a.stats().sum() + b.stats().sum();
        double s2 = a.stats().sumSquares() + b.stats().sumSquares();
        double mean = s1 / n;
        if (metric == MetricType.BINOMIAL) {
            double p = mean;
            return new double[] {p * (1 - p), p * (1 - p) * (1 - 2 * p)};
        }
        double variance = pooledVariance(a, b);
        if (a.sumCubes() != null && b.sumCubes() != null) {
            double s3 = a.sumCubes() + b.sumCubes();
            // Central third moment from raw sums: E[x^3] - 3 mean E[x^2] + 2 mean^3 (divisor n, as scipy.stats.moment).
            return new double[] {variance, s3 / n - 3 * mean * s2 / n + 2 * mean * mean * mean};
        }
        if (!(mean > 0) || !(variance > 0)) {
            return new double[] {variance, 0};
        }
        double sd = Math.sqrt(variance);
        double cv = sd / mean;
        return new double[] {variance, sd * sd * sd * (cv * cv * cv + 3 * cv)};
    }
}
