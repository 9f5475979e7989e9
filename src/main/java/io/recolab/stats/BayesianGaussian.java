package io.recolab.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Normal-Normal model for a lift: the likelihood of the observed lift is N(d, se^2) (CLT), the prior
 * is flat or N(m0, v0), so the posterior is Normal with precision 1/v0 + 1/se^2 and a
 * precision-weighted mean (conjugate update; Gelman et al., "Bayesian Data Analysis", 3rd ed., 2.5).
 * Used by e.g. Eppo and Optimizely-style "chance to beat control" reports.
 */
public final class BayesianGaussian {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1, 1e-12);

    private BayesianGaussian() {
    }

    /** The posterior of the lift d = treatment - control (mean, standard deviation). */
    public record Posterior(double mean, double sd) {
        public Posterior {
            Checks.finite("posterior mean", mean);
            Checks.positive("posterior sd", sd);
        }

        /** P(d > 0): the chance that the treatment beats the control. */
        public double chanceToWin() {
            return STANDARD_NORMAL.cumulativeProbability(mean / sd);
        }

        /** P(d < 0) = Phi(-mu/sd), computed directly so tiny tails keep their digits (1 - Phi(z) would be 0). */
        public double chanceToLose() {
            return STANDARD_NORMAL.cumulativeProbability(-mean / sd);
        }

        /** Equal-tailed credible interval mean +- z_{1-alpha/2} sd. */
        public double[] credibleInterval(double alpha) {
            double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
            return new double[] {mean - z * sd, mean + z * sd};
        }

        /**
         * Posterior tail probability 2 min(P(d > 0), P(d < 0)); under a flat prior it equals the
         * normal-approximation two-sided p-value, and it is below alpha exactly when the credible
         * interval excludes 0.
         */
        public double twoSidedTail() {
            double z = Math.abs(mean) / sd;
            return Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-z));
        }

        /**
         * Expected loss of shipping the treatment: E[max(-d, 0)] = sd phi(mu/sd) - mu Phi(-mu/sd),
         * the Normal partial expectation (the expected-loss criterion of Stucchio, "Bayesian A/B Testing at VWO", 2015).
         */
        public double riskOfTreatment() {
            double z = mean / sd;
            return sd * STANDARD_NORMAL.density(z) - mean * STANDARD_NORMAL.cumulativeProbability(-z);
        }

        /** Expected loss of keeping the control: E[max(d, 0)] = sd phi(mu/sd) + mu Phi(mu/sd). */
        public double riskOfControl() {
            double z = mean / sd;
            return sd * STANDARD_NORMAL.density(z) + mean * STANDARD_NORMAL.cumulativeProbability(z);
        }
    }

    /** Posterior of the lift given its estimate and standard error; prior null means flat. */
    public static Posterior posterior(LiftEstimate lift, GaussianPrior prior) {
        double se2 = lift.standardError() * lift.standardError();
        if (prior == null) {
            return new Posterior(lift.estimate(), lift.standardError());
        }
        double precision = 1 / prior.variance() + 1 / se2;
        double mean = (prior.mean() / prior.variance() + lift.estimate() / se2) / precision;
        return new Posterior(mean, Math.sqrt(1 / precision));
    }
}
