package io.recolab.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Sample ratio mismatch: Pearson's chi-square goodness of fit of the observed units per treatment
 * against the configured weights (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online
 * Controlled Experiments", KDD 2019). A mismatch is flagged at p < 0.001, the conventional strict
 * threshold for a check that runs on every experiment, and only once every treatment has at least
 * 8 units (CONTRACT §6), below which the chi-square approximation is unreliable. A treatment that
 * should have 8 and has fewer (none of 100,000) is not flagged by that rule; its message says so.
 */
public final class SampleRatio {
    public static final double THRESHOLD = 0.001;
    public static final long MIN_UNITS = 8;

    private SampleRatio() {
    }

    public record Result(Double chiSquare, int degreesOfFreedom, Double pValue, boolean mismatch, String message) {
    }

    public static Result test(long[] observed, double[] weights) {
        if (observed == null || weights == null) {
            throw new IllegalArgumentException("observed and weights are required");
        }
        if (observed.length != weights.length) {
            throw new IllegalArgumentException("observed and weights must have the same length, got "
                    + observed.length + " and " + weights.length);
        }
        if (observed.length < 2) {
            throw new IllegalArgumentException("observed must have at least 2 treatments, got " + observed.length);
        }
        long total = 0;
        double weightTotal = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("observed[" + i + "] must be >= 0, got " + observed[i]);
            }
            if (!(weights[i] > 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be > 0, got " + weights[i]);
            }
            total += observed[i];
            weightTotal += weights[i];
        }
        int df = observed.length - 1;
        if (total == 0) {
            return new Result(null, df, null, false, "no units observed yet");
        }
        double chiSquare = 0;
        long fewest = Long.MAX_VALUE;
        double fewestExpected = Double.MAX_VALUE;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * weights[i] / weightTotal;
            double diff = observed[i] - expected;
            chiSquare += diff * diff / expected;
            fewest = Math.min(fewest, observed[i]);
            fewestExpected = Math.min(fewestExpected, expected);
        }
        // Upper tail of chi-square(df) = Q(df/2, x/2), the regularized upper incomplete gamma;
        // computed directly so tiny p-values keep their precision instead of 1 - F rounding to 0.
        double p = Gamma.regularizedGammaQ(df / 2.0, chiSquare / 2);
        // CONTRACT §6: flagged once every treatment has 8 units. A treatment that should have them and does not
        // (0 of 100,000) is the plainest mismatch there is: the flag stays the contract's, the message says it.
        boolean enough = fewest >= MIN_UNITS;
        String message = enough ? null : fewestExpected >= MIN_UNITS && p < THRESHOLD
                ? "a treatment has fewer than " + MIN_UNITS + " units where at least " + (long) Math.floor(fewestExpected)
                        + " were expected (p = " + String.format(java.util.Locale.ROOT, "%.3g", p)
                        + "): the split looks broken, though mismatch is flagged only from " + MIN_UNITS + " units per treatment"
                : "fewer than " + MIN_UNITS + " units in a treatment; mismatch is not flagged yet";
        return new Result(chiSquare, df, p, enough && p < THRESHOLD, message);
    }
}
