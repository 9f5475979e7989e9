package io.recolab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one entry point of the statistics engine: the control against each treatment, with the
 * requested test, the multiple-comparison correction across treatments, and intervals consistent
 * with that correction. Used by {@code POST /api/v1/stats/compare} and by the results page.
 */
public final class Analyzer {
    private Analyzer() {
    }

    public static ComparisonResult compare(ComparisonRequest request) {
        double rhoSquared = ConfidenceSequence.rhoSquared(request.alpha(), request.sequentialTuning());
        List<Lifts> lifts = new ArrayList<>();
        for (Arm treatment : request.treatments()) {
            lifts.add(Lifts.of(request, request.control(), treatment));
        }
        double[] raw = lifts.stream().filter(l -> l.tested() != null)
                .mapToDouble(l -> rawPValue(request, l, rhoSquared)).toArray();
        double[] adjusted = MultipleTesting.adjust(request.correction(), raw);
        double intervalAlpha = MultipleTesting.intervalAlpha(request.correction(), request.alpha(), adjusted);
        List<Comparison> comparisons = new ArrayList<>();
        int k = 0;
        for (Lifts l : lifts) {
            if (l.tested() == null) {
                comparisons.add(l.withoutTest());
            } else {
                comparisons.add(l.withTest(request, raw[k], adjusted[k], intervalAlpha, rhoSquared));
                k++;
            }
        }
        return new ComparisonResult(request.metric().wire(), wire(request.difference()), wire(request.test()),
                wire(request.alternative()), request.alpha(), wire(request.correction()), comparisons);
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The frequentist and sequential tests of a relative lift are the tests of the absolute
     * difference: "relative lift = 0" and "absolute lift = 0" are one hypothesis, and the absolute
     * test is the calibrated one. The delta method's z for the relative lift is not: enumerating
     * every binomial outcome it rejected 10.1% of A/A tests at 100 units per arm and 5% (nominal 5%),
     * lopsided by direction, and swapping the arms changed its p-value (docs/statistics.md,
     * CalibrationTest). The interval that goes with it is Fieller's ({@link #relativeInterval}).
     */
    private static double rawPValue(ComparisonRequest r, Lifts l, double rhoSquared) {
        LiftEstimate lift = l.tested();
        return switch (r.test()) {
            case FREQUENTIST -> Welch.pValue(l.absolute(), r.alternative());
            case SEQUENTIAL -> ConfidenceSequence.pValue(l.absolute(), l.units(), rhoSquared);
            case BAYESIAN -> {
                // Flat prior: the absolute lift's posterior decides for either difference (see Lifts.withTest).
                BayesianGaussian.Posterior post = BayesianGaussian.posterior(r.prior() == null ? l.absolute() : lift, r.prior());
                yield switch (r.alternative()) {
                    case TWO_SIDED -> post.twoSidedTail();
                    // Phi(-z), not 1 - Phi(z): the latter rounds every tail below 1.1e-16 to exactly 0.
                    case GREATER -> post.chanceToLose();
                    case LESS -> post.chanceToWin();
                };
            }
        };
    }

    /** The interval of one lift under the request's test at the given alpha; infinite ends stay open. */
    static double[] interval(ComparisonRequest r, LiftEstimate lift, long units, double alpha, double rhoSquared,
                             GaussianPrior prior) {
        return switch (r.test()) {
            case FREQUENTIST -> Welch.interval(lift, alpha, r.alternative());
            case SEQUENTIAL -> {
                double h = ConfidenceSequence.halfWidth(lift.standardError(), units, alpha, rhoSquared);
                yield new double[] {lift.estimate() - h, lift.estimate() + h};
            }
            case BAYESIAN -> {
                BayesianGaussian.Posterior post = BayesianGaussian.posterior(lift, prior);
                yield switch (r.alternative()) {
                    case TWO_SIDED -> post.credibleInterval(alpha);
                    // A one-sided credible bound is the two-sided one at 2 alpha, with the other end open.
                    case GREATER -> new double[] {post.credibleInterval(2 * alpha)[0], Double.POSITIVE_INFINITY};
                    case LESS -> new double[] {Double.NEGATIVE_INFINITY, post.credibleInterval(2 * alpha)[1]};
                };
            }
        };
    }

    /**
     * Fieller's interval for the relative lift at the critical value of the request's test, so it
     * excludes 0 exactly when the absolute test rejects at the same alpha: Welch's t quantile
     * (two-sided 1 - alpha/2, one-sided 1 - alpha with the other end open) or the confidence
     * sequence's radius per standard error (the radius is linear in se). Null when unbounded.
     */
    static double[] relativeInterval(ComparisonRequest r, ArmEstimate control, ArmEstimate treatment,
                                     LiftEstimate absolute, long units, double alpha, double rhoSquared) {
        double q;
        if (r.test() == TestType.SEQUENTIAL) {
            q = ConfidenceSequence.halfWidth(1, units, alpha, rhoSquared);
        } else {
            boolean twoSided = r.alternative() == Alternative.TWO_SIDED;
            // Bayesian (flat prior): the posterior is Normal, so the normal quantile.
            q = Welch.quantile(twoSided ? 1 - alpha / 2 : 1 - alpha,
                    r.test() == TestType.BAYESIAN ? Double.POSITIVE_INFINITY : absolute.degreesOfFreedom());
        }
        double[] both = Fieller.relativeInterval(control, treatment, q);
        if (both != null && r.metric() == MetricType.BINOMIAL) {
            // Rates are never negative, so the ratio is >= 0 and the lift >= -100%: Fieller's set
            // reaches below that when the treatment's rate is within its margin of error of 0, and is
            // cut to the parameter space (coverage is unchanged; the test at 0 lift is untouched).
            both[0] = Math.max(both[0], -1);
            both[1] = Math.max(both[1], -1);
        }
        if (both == null || r.alternative() == Alternative.TWO_SIDED) {
            return both;
        }
        return r.alternative() == Alternative.GREATER ? new double[] {both[0], Double.POSITIVE_INFINITY}
                : new double[] {Double.NEGATIVE_INFINITY, both[1]};
    }

    static List<Double> asList(double[] interval) {
        return interval == null ? null : Arrays.asList(Checks.finiteOrNull(interval[0]), Checks.finiteOrNull(interval[1]));
    }
}
