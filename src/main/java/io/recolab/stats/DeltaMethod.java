package io.recolab.stats;

/**
 * First-order Taylor (delta method) variances: the relative lift of two independent means and the
 * ratio metric of one arm. Source: Deng, Knoblich, Lu, "Applying the Delta Method in Metric
 * Analytics: A Practical Guide with Novel Ideas", KDD 2018.
 */
public final class DeltaMethod {
    private DeltaMethod() {
    }

    /**
     * Relative lift (mean_b - mean_a)/|mean_a| and its standard error. For g(a,b) = b/a - 1 with
     * independent arms, Var g ~ Var(b)/a^2 + Var(a) b^2/a^4 (CONTRACT §6); the sign of |a| does not
     * change the variance. Callers guarantee control.mean() != 0.
     */
    public static LiftEstimate relativeLift(ArmEstimate control, ArmEstimate treatment, double degreesOfFreedom) {
        double ma = control.mean();
        double mb = treatment.mean();
        if (ma == 0) {
            throw new IllegalArgumentException("control mean is 0: the relative lift is undefined");
        }
        double variance = treatment.varianceOfMean() / (ma * ma)
                + control.varianceOfMean() * mb * mb / (ma * ma * ma * ma);
        return new LiftEstimate((mb - ma) / Math.abs(ma), Math.sqrt(variance), degreesOfFreedom);
    }

    /**
     * A ratio metric sum(Y)/sum(X) over the arm's units (e.g. revenue per order, with Y = revenue and
     * X = orders of each unit). Its estimate is R = Ybar/Xbar; the per-unit linearised value
     * (Y - R X)/Xbar has variance (Var Y - 2R Cov(X,Y) + R^2 Var X)/Xbar^2 (Deng et al. 2018, the ratio-metric case),
     * so the returned estimate's variance()/n is Var(R).
     */
    public static ArmEstimate ratio(RatioStats stats) {
        long n = stats.n();
        double xbar = stats.denominatorSum() / n;
        if (xbar == 0) {
            throw new IllegalArgumentException("denominatorSum is 0: the ratio is undefined");
        }
        double r = stats.sum() / stats.denominatorSum();
        double varY = Moments.centredProducts(n, stats.sum(), stats.sum(), stats.sumSquares()) / (n - 1);
        double varX = Moments.centredProducts(n, stats.denominatorSum(), stats.denominatorSum(),
                stats.denominatorSumSquares()) / (n - 1);
        double cov = Moments.centredProducts(n, stats.sum(), stats.denominatorSum(), stats.sumProducts()) / (n - 1);
        double linearised = Math.max(0, (varY - 2 * r * cov + r * r * varX) / (xbar * xbar));
        return new ArmEstimate(n, r, linearised);
    }
}
