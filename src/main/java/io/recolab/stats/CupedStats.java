package io.recolab.stats;

/**
 * One arm for CUPED: the metric Y's sufficient statistics plus the pre-period covariate X
 * (preSum, preSumSquares) and sumProducts = sum of X*Y over the same units.
 */
public record CupedStats(SufficientStats metric, double preSum, double preSumSquares, double sumProducts) {
    public CupedStats {
        if (metric == null) {
            throw new IllegalArgumentException("metric statistics are required");
        }
        Checks.finite("preSum", preSum);
        Checks.finite("preSumSquares", preSumSquares);
        Checks.finite("sumProducts", sumProducts);
        long n = metric.n();
        if (preSumSquares < 0 || (n > 0 && preSum * preSum > n * preSumSquares * (1 + 1e-9) + 1e-9)) {
            throw new IllegalArgumentException("preSumSquares must be >= preSum^2/n, got " + preSumSquares);
        }
        Moments.requireCauchySchwarz("sumProducts", n, metric.sum(), metric.sumSquares(), preSum, preSumSquares, sumProducts);
    }

    double preMean() {
        return preSum / metric.n();
    }

    /** Centred sums: Sxx = sum (x - xbar)^2, Sxy = sum (x - xbar)(y - ybar). */
    double sxx() {
        return Math.max(0, Moments.centredProducts(metric.n(), preSum, preSum, preSumSquares));
    }

    double sxy() {
        return Moments.centredProducts(metric.n(), preSum, metric.sum(), sumProducts);
    }
}
