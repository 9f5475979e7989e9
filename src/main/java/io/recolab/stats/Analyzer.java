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

    private static double rawPValue(ComparisonRequest r, Lifts l, double rhoSquared) {
        LiftEstimate lift = l.tested();
        return switch (r.test()) {
            case FREQUENTIST -> Welch.pValue(lift, r.alternative());
            case SEQUENTIAL -> ConfidenceSequence.pValue(lift, l.units(), rhoSquared);
            case BAYESIAN -> {
                BayesianGaussian.Posterior post = BayesianGaussian.posterior(lift, r.prior());
                yield switch (r.alternative()) {
                    case TWO_SIDED -> post.twoSidedTail();
                    case GREATER -> 1 - post.chanceToWin();
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

    static List<Double> asList(double[] interval) {
        return interval == null ? null : Arrays.asList(Checks.finiteOrNull(interval[0]), Checks.finiteOrNull(interval[1]));
    }
}
