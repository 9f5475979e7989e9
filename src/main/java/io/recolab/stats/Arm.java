package io.recolab.stats;

/**
 * One treatment's data in a comparison request: its metric's sufficient statistics and, optionally,
 * the CUPED pre-period sums or the ratio metric's denominator sums.
 */
public record Arm(String name, SufficientStats stats, PrePeriod prePeriod, Denominator denominator, Double sumCubes) {
    public Arm(String name, SufficientStats stats, PrePeriod prePeriod, Denominator denominator) {
        this(name, stats, prePeriod, denominator, null);
    }

    /** sumCubes (optional, mean metrics): the sum of the values' cubes, for {@link SkewCheck}. */
    public Arm {
        if (sumCubes != null) {
            Checks.finite("sumCubes", sumCubes);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-empty string");
        }
        if (stats == null) {
            throw new IllegalArgumentException("statistics are required");
        }
    }

    public static Arm of(String name, long n, double sum, double sumSquares) {
        return new Arm(name, new SufficientStats(n, sum, sumSquares), null, null);
    }

    /** The pre-period covariate X for CUPED: sums of X and X^2, and of X*Y with the metric Y. */
    public record PrePeriod(double preSum, double preSumSquares, double sumProducts) {
    }

    /** A ratio metric's denominator X: sums of X and X^2, and of X*Y with the numerator Y. */
    public record Denominator(double denominatorSum, double denominatorSumSquares, double sumProducts) {
    }

    CupedStats cuped() {
        return new CupedStats(stats, prePeriod.preSum(), prePeriod.preSumSquares(), prePeriod.sumProducts());
    }

    RatioStats ratio() {
        return new RatioStats(stats.n(), stats.sum(), stats.sumSquares(), denominator.denominatorSum(),
                denominator.denominatorSumSquares(), denominator.sumProducts());
    }
}
