package io.recolab.stats;

import java.util.List;

/**
 * One treatment's lifts over the control before any test: the arm estimates (plain, ratio or CUPED),
 * the absolute and relative lift where defined, and the reason when the requested one is not.
 */
record Lifts(String treatment, ArmEstimate control, ArmEstimate arm, LiftEstimate absolute, LiftEstimate relative,
             LiftEstimate wanted, LiftEstimate tested, Double theta, Double varianceReduction, String message) {

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
        } else if (!wanted.hasVariance()) {
            message = "the relative lift has zero standard error; no test is possible";
        }
        LiftEstimate tested = message == null ? wanted : null;
        return new Lifts(name, a, b, absolute, relative, wanted, tested, theta, reduction, message);
    }

    private static Lifts failed(String name, String message) {
        return new Lifts(name, null, null, null, null, null, null, null, null, message);
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
                varianceReduction, null, message);
    }

    Comparison withTest(ComparisonRequest r, double pValue, double adjusted, double intervalAlpha, double rhoSquared) {
        GaussianPrior prior = r.test() == TestType.BAYESIAN ? r.prior() : null;
        double[] ci = Analyzer.interval(r, tested, units(), intervalAlpha, rhoSquared, prior);
        // The other difference is shown with the same machinery; a prior is stated in the tested
        // difference's units, so the other one gets the flat prior.
        double[] absCi = tested == absolute ? ci
                : Analyzer.interval(r, absolute, units(), intervalAlpha, rhoSquared, null);
        double[] relCi = tested == relative ? ci
                : relative == null || !relative.hasVariance() ? null
                : Analyzer.interval(r, relative, units(), intervalAlpha, rhoSquared, null);
        BayesianGaussian.Posterior post = BayesianGaussian.posterior(tested, prior);
        Comparison.Risk risk = new Comparison.Risk(Checks.finiteOrNull(post.riskOfControl()),
                Checks.finiteOrNull(post.riskOfTreatment()));
        // Bayesian answers are the posterior's (mean and sd, which a proper prior shrinks), so the
        // credible interval is centred on the reported lift; otherwise the plain estimate.
        boolean bayesian = r.test() == TestType.BAYESIAN;
        double lift = bayesian ? post.mean() : tested.estimate();
        double se = bayesian ? post.sd() : tested.standardError();
        return new Comparison(treatment, lift, Analyzer.asList(ci), se, pValue,
                adjusted, adjusted < r.alpha(), Checks.finiteOrNull(post.chanceToWin()),
                tested == absolute ? lift : absolute.estimate(), Analyzer.asList(absCi),
                relative == null ? null : tested == relative ? lift : relative.estimate(), Analyzer.asList(relCi),
                control.mean(), arm.mean(),
                r.test() == TestType.FREQUENTIST ? Checks.finiteOrNull(tested.degreesOfFreedom()) : null, intervalAlpha,
                theta, varianceReduction, risk, null);
    }
}
