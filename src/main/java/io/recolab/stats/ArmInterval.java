package io.recolab.stats;

/**
 * The (1 - alpha) interval of one treatment's own rate or mean, for the per-treatment table of
 * the results page and its exports.
 * - A rate: the Wilson score interval (Wilson, "Probable inference, the law of succession, and
 *   statistical inference", JASA 22, 1927), recommended for small n by Brown, Cai and DasGupta,
 *   "Interval estimation for a binomial proportion", Statistical Science 16 (2001): it stays in
 *   [0, 1] and keeps its coverage near nominal where the normal approximation p +- z sqrt(p(1-p)/n)
 *   gives "-3.03% to 22.08%" at 3/21 and "0.00% to 0.00%" at 0/14.
 *   With z = z_{1-alpha/2}: centre (x + z^2/2)/(n + z^2), half-width z/(n + z^2) sqrt(x(n - x)/n + z^2/4).
 * - A mean: mean +- t_{1-alpha/2, n-1} s/sqrt(n), Student's interval on the sample variance.
 */
public final class ArmInterval {
    private ArmInterval() {
    }

    /** Wilson's interval for x successes in n trials; null when n = 0. */
    public static double[] wilson(long x, long n, double alpha) {
        Checks.probability("alpha", alpha);
        if (n <= 0) {
            return null;
        }
        if (x < 0 || x > n) {
            throw new IllegalArgumentException("x must be between 0 and n = " + n + ", got " + x);
        }
        double z = Welch.quantile(1 - alpha / 2, Double.POSITIVE_INFINITY);
        double z2 = z * z;
        double centre = (x + z2 / 2) / (n + z2);
        double half = z / (n + z2) * Math.sqrt((double) x * (n - x) / n + z2 / 4);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Student's t interval of a mean from its sufficient statistics; null below 2 units. */
    public static double[] mean(SufficientStats stats, double alpha) {
        Checks.probability("alpha", alpha);
        if (stats.n() < 2) {
            return null;
        }
        double half = Welch.quantile(1 - alpha / 2, stats.n() - 1) * Math.sqrt(stats.variance(MetricType.MEAN) / stats.n());
        return new double[] {stats.mean() - half, stats.mean() + half};
    }

    /**
     * The interval of a ratio metric sum(Y)/sum(X) of one arm: R +- t_{1-alpha/2, n-1} sqrt(Var(R)), with
     * Var(R) from the delta method (Deng, Knoblich, Lu, KDD 2018; {@link DeltaMethod#ratio}); null below
     * 2 units or when sum(X) = 0.
     */
    public static double[] ratio(RatioStats stats, double alpha) {
        Checks.probability("alpha", alpha);
        if (stats.n() < 2 || stats.denominatorSum() == 0) {
            return null;
        }
        ArmEstimate r = DeltaMethod.ratio(stats);
        double half = Welch.quantile(1 - alpha / 2, stats.n() - 1) * Math.sqrt(r.varianceOfMean());
        return new double[] {r.mean() - half, r.mean() + half};
    }
}
