package io.recolab.stats;

/**
 * One arm's metric summarised as n units, the sum and the sum of squares of their values
 * (binomial: sum = converted units, and sumSquares = sum since values are 0/1). centred, when known
 * (not NaN), is the sum of squared deviations from the mean computed exactly by the caller
 * (analysis.ArmTotals from the store's exact decimals, issue 22.4): with mean >> sd a double
 * sumSquares no longer holds the variance's digits, so the variance is taken from centred instead.
 */
public record SufficientStats(long n, double sum, double sumSquares, double centred) {
    public SufficientStats(long n, double sum, double sumSquares) {
        this(n, sum, sumSquares, Double.NaN);
    }

    // Relative slack for sumSquares >= sum^2/n: the sums arrive from floating-point aggregation.
    private static final double ROUNDING = 1e-9;

    public SufficientStats {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        Checks.finite("sum", sum);
        Checks.finite("sumSquares", sumSquares);
        if (sumSquares < 0) {
            throw new IllegalArgumentException("sumSquares must be >= 0, got " + sumSquares);
        }
        if (n == 0 && (sum != 0 || sumSquares != 0)) {
            throw new IllegalArgumentException("sum and sumSquares must be 0 when n = 0, got sum = "
                    + sum + ", sumSquares = " + sumSquares);
        }
        // Cauchy-Schwarz: sum^2 <= n * sumSquares for any real values; otherwise the sums are corrupt.
        if (n > 0 && sum * sum > n * sumSquares * (1 + ROUNDING) + ROUNDING) {
            throw new IllegalArgumentException("sumSquares must be >= sum^2/n (" + sum + "^2/" + n + " = "
                    + (sum * sum / n) + "), got " + sumSquares);
        }
    }

    /** Binomial arms: only n and conversions; the 0/1 values make sumSquares = sum. */
    public static SufficientStats binomial(long n, double conversions) {
        if (conversions < 0 || conversions > n) {
            throw new IllegalArgumentException("sum (conversions) must be between 0 and n = " + n + ", got " + conversions);
        }
        return new SufficientStats(n, conversions, conversions);
    }

    public double mean() {
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Per-unit variance. Binomial: p(1-p), the Bernoulli variance (CONTRACT §6). Mean: the unbiased
     * sample variance (sumSquares - sum^2/n)/(n-1), clamped at 0 against cancellation.
     */
    public double variance(MetricType type) {
        if (type == MetricType.BINOMIAL) {
            double p = mean();
            return p * (1 - p);
        }
        if (n < 2) {
            return 0;
        }
        if (!Double.isNaN(centred)) {
            return Math.max(0, centred) / (n - 1);
        }
        // Moments.centredProducts: no cancellation of its own when the mean is large against the spread.
        return Math.max(0, Moments.centredProducts(n, sum, sum, sumSquares) / (n - 1));
    }

    /** Validates the binomial reading: 0 <= conversions <= n. */
    public SufficientStats requireBinomial() {
        if (sum < 0 || sum > n) {
            throw new IllegalArgumentException("sum (conversions) must be between 0 and n = " + n + ", got " + sum);
        }
        return this;
    }

    public ArmEstimate estimate(MetricType type) {
        if (type == MetricType.BINOMIAL) {
            requireBinomial();
        }
        return new ArmEstimate(n, mean(), variance(type));
    }
}
