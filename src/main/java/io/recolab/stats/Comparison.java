package io.recolab.stats;

import java.util.List;

/**
 * One treatment against the control. {@code lift}, {@code ci}, {@code standardError} and the p-values
 * are for the requested difference (relative or absolute); both differences are also given. Any
 * field without a defined value is null, and {@code message} says why. Intervals are [low, high];
 * a one-sided interval has null at its open end. {@code degreesOfFreedom} (Welch's) is given for
 * the frequentist test only. For the Bayesian test {@code lift} and {@code standardError} are the
 * posterior mean and standard deviation of the tested difference. {@code warning} is set when the
 * normal approximation cannot be trusted ({@link SkewCheck}): the numbers are given, the results
 * page gives no verdict.
 */
public record Comparison(String treatment, Double lift, List<Double> ci, Double standardError, Double pValue,
                         Double adjustedPValue, Boolean significant, Double chanceToWin,
                         Double absoluteLift, List<Double> absoluteCi, Double relativeLift, List<Double> relativeCi,
                         Double controlMean, Double treatmentMean, Double degreesOfFreedom, Double intervalAlpha,
                         Double theta, Double varianceReduction, Risk risk, String message, String warning) {

    /** Expected loss (in lift units) of shipping each arm, from the lift's Gaussian posterior. */
    public record Risk(Double control, Double treatment) {
    }
}
