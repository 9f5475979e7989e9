package io.recolab.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@link Analyzer#compare} needs: the control first, then the treatments, and how to
 * compare them. Defaults (CONTRACT §6): relative lift, frequentist, two-sided, alpha 0.05,
 * N* = 5000, Holm.
 */
public record ComparisonRequest(MetricType metric, Difference difference, TestType test, Alternative alternative,
                                double alpha, double sequentialTuning, Correction correction, GaussianPrior prior,
                                Arm control, List<Arm> treatments) {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_SEQUENTIAL_TUNING = 5000;

    public ComparisonRequest {
        require(metric, "metric");
        require(difference, "difference");
        require(test, "test");
        require(alternative, "alternative");
        require(correction, "correction");
        require(control, "control");
        require(treatments, "treatments");
        Checks.probability("alpha", alpha);
        Checks.positive("sequentialTuning", sequentialTuning);
        treatments = List.copyOf(treatments);
        if (test == TestType.SEQUENTIAL && alternative != Alternative.TWO_SIDED) {
            throw new IllegalArgumentException("alternative must be two-sided when test is sequential, got "
                    + alternative.name().toLowerCase().replace('_', '-'));
        }
        if (prior != null && test != TestType.BAYESIAN) {
            throw new IllegalArgumentException("prior is only used when test is bayesian, got test "
                    + test.name().toLowerCase());
        }
        List<Arm> all = new ArrayList<>();
        all.add(control);
        all.addAll(treatments);
        boolean cuped = control.prePeriod() != null;
        for (int i = 0; i < all.size(); i++) {
            Arm arm = all.get(i);
            String where = i == 0 ? "control" : "treatments[" + (i - 1) + "]";
            if ((arm.prePeriod() != null) != cuped) {
                throw new IllegalArgumentException(where + ": preSum, preSumSquares and sumProducts must be given for"
                        + " every arm or for none");
            }
            if (metric == MetricType.RATIO && arm.denominator() == null) {
                throw new IllegalArgumentException(where + ".denominatorSum is required for a ratio metric");
            }
            if (metric != MetricType.RATIO && arm.denominator() != null) {
                throw new IllegalArgumentException(where + ".denominatorSum is only allowed for a ratio metric");
            }
            try {
                if (arm.prePeriod() != null) {
                    arm.cuped();
                }
                if (arm.denominator() != null) {
                    arm.ratio();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + e.getMessage(), e);
            }
            if (metric == MetricType.BINOMIAL) {
                try {
                    arm.stats().requireBinomial();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "." + e.getMessage(), e);
                }
            }
        }
        if (cuped && metric == MetricType.RATIO) {
            throw new IllegalArgumentException("CUPED (preSum) is not supported for ratio metrics");
        }
    }

    /** The results page's call: arms with the control first, and the house defaults elsewhere. */
    public static ComparisonRequest of(MetricType metric, TestType test, double alpha, Correction correction,
                                       List<Arm> arms) {
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("arms must hold the control first, got none");
        }
        return new ComparisonRequest(metric, Difference.RELATIVE, test, Alternative.TWO_SIDED, alpha,
                DEFAULT_SEQUENTIAL_TUNING, correction, null, arms.get(0), arms.subList(1, arms.size()));
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
