package io.recolab.stats;

/**
 * Fieller's interval for the relative lift (mean_b - mean_a)/|mean_a| of two independent means.
 *
 * Source: Fieller, "Some problems in interval estimation", JRSS B 16 (1954) 175-185; for its use
 * instead of the delta method see Hirschberg and Lye, "A geometric comparison of the delta and
 * Fieller confidence intervals", The American Statistician 64 (2010) 234-241. The ratio r =
 * mean_b/mean_a is in the interval when the test of mean_b - r mean_a = 0 does not reject:
 *
 *   (m_b - r m_a)^2 <= q^2 (v_b + r^2 v_a),   v = variance of each mean,
 *
 * a quadratic in r: r^2 A - 2 r m_a m_b + (m_b^2 - q^2 v_b) <= 0 with A = m_a^2 - q^2 v_a.
 * Its roots are (m_a m_b +- q sqrt(v_a m_b^2 + v_b A)) / A. At r = 1 the condition is exactly the
 * unpooled test of the absolute difference with the same critical value q, so the relative
 * interval excludes 0 exactly when that test rejects: one verdict, whichever lift is shown. Unlike
 * the delta method's symmetric interval it is skewed as the ratio is, never goes below -100% for
 * positive means, and swapping the arms maps it onto the reciprocal interval.
 *
 * When A <= 0 the control mean is not distinguishable from 0 at this level and the set is
 * unbounded (a union of two rays or the whole line): there is no finite interval, and callers say so.
 */
public final class Fieller {
    private Fieller() {
    }

    /**
     * The two-sided set of relative lifts at critical value q, as [low, high], or null when it is
     * unbounded. Relative lift = (r - 1) sign(m_a), so a negative control mean flips the ends.
     */
    public static double[] relativeInterval(ArmEstimate control, ArmEstimate treatment, double q) {
        double ma = control.mean();
        double mb = treatment.mean();
        double va = control.varianceOfMean();
        double vb = treatment.varianceOfMean();
        double q2 = q * q;
        double a = ma * ma - q2 * va;
        if (!(a > 0) || ma == 0) {
            return null;
        }
        double root = q * Math.sqrt(Math.max(0, va * mb * mb + vb * a));
        double low = (ma * mb - root) / a;
        double high = (ma * mb + root) / a;
        if (ma > 0) {
            return new double[] {low - 1, high - 1};
        }
        return new double[] {1 - high, 1 - low};
    }

    /** Whether the control mean is distinguishable from 0 at critical value q (A > 0 above). */
    public static boolean bounded(ArmEstimate control, double q) {
        double ma = control.mean();
        return ma != 0 && ma * ma - q * q * control.varianceOfMean() > 0;
    }
}
