package io.recolab.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variance t test (Welch 1947, "The generalization of Student's problem when
 * several different population variances are involved", Biometrika 34) with the Welch-Satterthwaite
 * degrees of freedom (Satterthwaite 1946). Used because arms differ in size and in variance.
 */
public final class Welch {
    // Beyond this many degrees of freedom t and the normal agree to ~1e-9; the normal is cheaper
    // and avoids the beta function's cancellation near x = 1.
    private static final double NORMAL_LIMIT = 1e9;
    private static final double INVERSE_ACCURACY = 1e-12;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1, INVERSE_ACCURACY);

    private Welch() {
    }

    /** The absolute lift mean_b - mean_a, its standard error sqrt(va/na + vb/nb) and Welch's df. */
    public static LiftEstimate absoluteLift(ArmEstimate control, ArmEstimate treatment) {
        double va = control.varianceOfMean();
        double vb = treatment.varianceOfMean();
        return new LiftEstimate(treatment.mean() - control.mean(), Math.sqrt(va + vb),
                degreesOfFreedom(control, treatment));
    }

    /**
     * Welch-Satterthwaite: df = (va/na + vb/nb)^2 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)).
     * An arm with zero variance contributes nothing; both zero gives NaN (no test possible).
     */
    public static double degreesOfFreedom(ArmEstimate control, ArmEstimate treatment) {
        double va = control.varianceOfMean();
        double vb = treatment.varianceOfMean();
        double denominator = (va == 0 ? 0 : va * va / (control.n() - 1)) + (vb == 0 ? 0 : vb * vb / (treatment.n() - 1));
        return (va + vb) * (va + vb) / denominator;
    }

    /** p-value of t = estimate/se against the t distribution with df degrees of freedom. */
    public static double pValue(LiftEstimate lift, Alternative alternative) {
        double t = lift.estimate() / lift.standardError();
        double df = lift.degreesOfFreedom();
        return switch (alternative) {
            case TWO_SIDED -> Math.min(1, 2 * upperTail(Math.abs(t), df));
            case GREATER -> upperTail(t, df);
            case LESS -> upperTail(-t, df);
        };
    }

    /**
     * Confidence interval from the same t quantile as the test: estimate +- q se, q = t_{1-alpha/2}
     * (two-sided) or t_{1-alpha} with an open end (one-sided; the open end is infinite).
     */
    public static double[] interval(LiftEstimate lift, double alpha, Alternative alternative) {
        double df = lift.degreesOfFreedom();
        double est = lift.estimate();
        double se = lift.standardError();
        return switch (alternative) {
            case TWO_SIDED -> {
                double q = quantile(1 - alpha / 2, df);
                yield new double[] {est - q * se, est + q * se};
            }
            case GREATER -> new double[] {est - quantile(1 - alpha, df) * se, Double.POSITIVE_INFINITY};
            case LESS -> new double[] {Double.NEGATIVE_INFINITY, est + quantile(1 - alpha, df) * se};
        };
    }

    static double upperTail(double t, double df) {
        if (df > NORMAL_LIMIT) {
            return STANDARD_NORMAL.cumulativeProbability(-t);
        }
        // By symmetry P(T > t) = F(-t): keeps the small tail accurate instead of computing 1 - F(t).
        return new TDistribution(null, df, INVERSE_ACCURACY).cumulativeProbability(-t);
    }

    static double quantile(double p, double df) {
        if (df > NORMAL_LIMIT) {
            return STANDARD_NORMAL.inverseCumulativeProbability(p);
        }
        return new TDistribution(null, df, INVERSE_ACCURACY).inverseCumulativeProbability(p);
    }
}
