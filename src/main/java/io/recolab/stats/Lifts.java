package io.recolab.stats;

import java.util.List;

/**
 * One treatment's lifts over the control before any test: the arm estimates (plain, ratio or CUPED),
 * the absolute and relative lift where defined, and the reason when the requested one is not.
 */
record Lifts(String treatment, ArmEstimate control, ArmEstimate arm, LiftEstimate absolute, LiftEstimate relative,
             LiftEstimate wanted, LiftEstimate tested, Double theta, Double varianceReduction, String message,
             String warning) {

    static Lifts of(ComparisonRequest r, Arm control, Arm treatment) {
        String name = treatment.name();
        for (Arm arm : List.of(control, treatment)) {
            if (arm.stats().n() <= 1) {
                String which = arm == control ? "control" : "treatment " + name;
                return failed(name, which + " has n = " + arm.stats().n() + "; at least 2 units per arm are needed");
            }
            if (r.metric() == MetricType.RATIO && arm.denominator().denominatorSum() == 0) {
                String which = arm == control ? "control" : "treatment " + name;
                return failed(name, which + " has denominatorSum = 0; the ratio is undefined");
            }
        }
        ArmEstimate a;
        ArmEstimate b;
        Double theta = null;
        Double reduction = null;
        if (control.prePeriod() != null) {
            Cuped.Adjustment adj = Cuped.adjust(control.cuped(), treatment.cuped(), r.metric());
            a = adj.control();
            b = adj.treatment();
            theta = adj.theta();
            reduction = adj.varianceReduction();
        } else if (r.metric() == MetricType.RATIO) {
            a = DeltaMethod.ratio(control.ratio());
            b = DeltaMethod.ratio(treatment.ratio());
        } else {
            a = control.stats().estimate(r.metric());
            b = treatment.stats().estimate(r.metric());
        }
        LiftEstimate absolute = Welch.absoluteLift(a, b);
        LiftEstimate relative = a.mean() == 0 ? null : DeltaMethod.relativeLift(a, b, absolute.degreesOfFreedom());
        LiftEstimate wanted = r.difference() == Difference.RELATIVE ? relative : absolute;
        String message = null;
        if (wanted == null) {
            message = "control mean is 0; the relative lift is undefined";
        } else if (!absolute.hasVariance()) {
            message = "both arms have zero variance; no test is possible";
        } else if (!wanted.hasVariance() && r.test() == TestType.BAYESIAN && r.prior() != null) {
            // The other tests, and the Bayesian one under its flat prior, judge a relative lift by the absolute
            // difference (see Analyzer), which has variance here.
            message = "the relative lift has zero standard error; no test is possible";
        }
        LiftEstimate tested = message == null ? wanted : null;
        if (wanted == null && absolute.hasVariance() && !(r.test() == TestType.BAYESIAN && r.prior() != null)) {
            // "treatment = control" is still testable when the control's mean is 0; only the relative
            // figures are undefined. Without this a 0/100 control got no p-value while the same data
            // with the arms swapped did.
            tested = absolute;
            message = "control mean is 0; the relative lift is undefined (the p-value tests the absolute difference)";
        }
        // The skew check reads the plain sums; CUPED-adjusted and ratio arms are not judged.
        String warning = control.prePeriod() == null ? SkewCheck.warning(control, treatment, r.metric()) : null;
        return new Lifts(name, a, b, absolute, relative, wanted, tested, theta, reduction, message, warning);
    }

    private static Lifts failed(String name, String message) {
        return new Lifts(name, null, null, null, null, null, null, null, null, message, null);
    }

    long units() {
        return control.n() + arm.n();
    }

    /** Point estimates where defined (e.g. both arms at 0% give lift 0), inference fields null, and the reason. */
    Comparison withoutTest() {
        Double abs = absolute == null ? null : absolute.estimate();
        Double rel = relative == null ? null : relative.estimate();
        Double lift = wanted == null ? null : wanted.estimate();
        return new Comparison(treatment, lift, null, null, null, null, null, null, abs, null, rel, null,
                control == null ? null : control.mean(), arm == null ? null : arm.mean(), null, null, theta,
                varianceReduction, null, message, null);
    }

    Comparison withTest(ComparisonRequest r, double pValue, double adjusted, double intervalAlpha, double rhoSquared) {
        GaussianPrior prior = r.test() == TestType.BAYESIAN ? r.prior() : null;
        // Under the flat prior (the default) a Bayesian relative lift is judged as the frequentist one is:
        // by the absolute lift's posterior (pValue, chanceToWin) with Fieller's relative interval at the normal
        // quantile. The delta-method Gaussian on the relative lift rejected 8-28% of A/A comparisons (nearly all
        // "worse") at 20-1,000 units an arm (red-team MeanSim, BinomialExact). A proper prior is stated in the
        // tested difference's units, so it keeps that difference's own posterior.
        boolean bayesian = r.test() == TestType.BAYESIAN && r.prior() != null;
        // Frequentist and sequential relative intervals are Fieller's, dual to the absolute test, so
        // both differences give one verdict; the Bayesian model keeps its Gaussian posterior per difference.
        double[] absCi = Analyzer.interval(r, absolute, units(), intervalAlpha, rhoSquared,
                tested == absolute ? prior : null);
        double[] relCi = relative == null ? null
                : bayesian ? (relative.hasVariance() ? Analyzer.interval(r, relative, units(), intervalAlpha, rhoSquared,
                        tested == relative ? prior : null) : null)
                : Analyzer.relativeInterval(r, control, arm, absolute, units(), intervalAlpha, rhoSquared);
        boolean undefined = wanted == null;
        double[] ci = undefined ? null : wanted == absolute ? absCi : relCi;
        String note = undefined ? message : relative != null && relCi == null && !bayesian
                ? "the control's mean is within its own margin of error of 0, so the relative interval is unbounded"
                  + " (Fieller); read the absolute interval" : null;
        BayesianGaussian.Posterior post = tested.hasVariance() ? BayesianGaussian.posterior(tested, prior) : null;
        // chanceToWin is P(treatment > control): the absolute lift's posterior answers it for either
        // difference (a relative lift is positive exactly when the absolute one is), except under a
        // Bayesian prior stated in relative units.
        BayesianGaussian.Posterior win = bayesian ? post : BayesianGaussian.posterior(absolute, null);
        Comparison.Risk risk = post == null ? null : new Comparison.Risk(Checks.finiteOrNull(post.riskOfControl()),
                Checks.finiteOrNull(post.riskOfTreatment()));
        // Bayesian answers are the posterior's (mean and sd, which a proper prior shrinks), so the
        // credible interval is centred on the reported lift; otherwise the plain estimate.
        double lift = bayesian ? post.mean() : tested.estimate();
        double se = bayesian ? post.sd() : tested.standardError();
        return new Comparison(treatment, undefined ? null : lift, Analyzer.asList(ci), undefined ? null : se, pValue,
                adjusted, adjusted < r.alpha(), Checks.finiteOrNull(win.chanceToWin()),
                tested == absolute ? lift : absolute.estimate(), Analyzer.asList(absCi),
                relative == null ? null : tested == relative ? lift : relative.estimate(), Analyzer.asList(relCi),
                control.mean(), arm.mean(),
                r.test() == TestType.FREQUENTIST ? Checks.finiteOrNull(tested.degreesOfFreedom()) : null, intervalAlpha,
                theta, varianceReduction, risk, note, warning);
    }
}
