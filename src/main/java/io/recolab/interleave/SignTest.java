package io.recolab.interleave;

import io.recolab.stats.ConfidenceSequence;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The tests on the non-tied units: under "no preference" each of them prefers A with probability 1/2.
 *
 * <ul>
 * <li>{@link #pValue}: the exact two-sided binomial (sign) test, the same value as
 *     {@code scipy.stats.binomtest(k, n, 0.5).pvalue}: for p = 1/2 the distribution is symmetric, so the
 *     outcomes as or less likely than k are both tails beyond min(k, n-k): {@code min(1, 2 P(X <= min(k, n-k)))}.</li>
 * <li>{@link #interval}: the Clopper-Pearson interval for the share preferring A (scipy's
 *     {@code proportion_ci(method="exact")}).</li>
 * <li>{@link #sequentialPValue}: an always-valid p-value, the sequential variant, in the form stats/ uses
 *     ({@link ConfidenceSequence}: Robbins' normal mixture, rho tuned to a planned sample size). Here it is
 *     exact, not asymptotic: each non-tied unit is X = +1 (A) or -1 (B), and under the null
 *     E[exp(l X)] = cosh(l) <= exp(l^2/2), so exp(l S_t - l^2 t/2) is a nonnegative supermartingale, so is its
 *     N(0, rho^2) mixture M_t = exp(rho^2 S_t^2 / (2 (t rho^2 + 1))) / sqrt(t rho^2 + 1), and Ville's inequality
 *     gives P(exists t: M_t >= 1/alpha) <= alpha. The p-value is 1/M_t capped at 1.</li>
 * </ul>
 */
public final class SignTest {
    private SignTest() {
    }

    public static double pValue(long preferA, long preferB) {
        long n = check(preferA, preferB);
        if (n == 0 || preferA == preferB) {
            return 1;
        }
        long low = Math.min(preferA, preferB);
        double tail = new BinomialDistribution(null, Math.toIntExact(n), 0.5).cumulativeProbability(Math.toIntExact(low));
        return Math.min(1, 2 * tail);
    }

    /** Clopper-Pearson [low, high] at level 1 - alpha for the share of non-tied units preferring A; null if none. */
    public static double[] interval(long preferA, long preferB, double alpha) {
        long n = check(preferA, preferB);
        if (n == 0) {
            return null;
        }
        double low = preferA == 0 ? 0 : new BetaDistribution(null, preferA, n - preferA + 1, 1e-14)
                .inverseCumulativeProbability(alpha / 2);
        double high = preferA == n ? 1 : new BetaDistribution(null, preferA + 1, n - preferA, 1e-14)
                .inverseCumulativeProbability(1 - alpha / 2);
        return new double[] {low, high};
    }

    /** 1/M_t after t = preferA + preferB non-tied units, capped at 1; see the class comment. */
    public static double sequentialPValue(long preferA, long preferB, double rhoSquared) {
        long t = check(preferA, preferB);
        if (t == 0) {
            return 1;
        }
        double s = preferA - preferB;
        double tr = t * rhoSquared;
        double logM = rhoSquared * s * s / (2 * (tr + 1)) - 0.5 * Math.log(tr + 1);
        return Math.min(1, Math.exp(-logM));
    }

    private static long check(long preferA, long preferB) {
        if (preferA < 0 || preferB < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + preferA + " and " + preferB);
        }
        return preferA + preferB;
    }
}
