package io.recolab.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A guardrail metric (issue 22.6, engine part): a metric that must not get worse, watched daily.
 * A breach is declared when the confidence sequence of the absolute lift lies wholly on the harmful
 * side of 0. Because the sequence covers the lift at every sample size at once (Waudby-Smith et al.,
 * see {@link ConfidenceSequence}), looking every day does not inflate false alarms. The test is
 * one-sided, but we use the two-sided sequence at alpha and read one side: Ville's inequality bounds
 * the crossing of either boundary by alpha, so one side is bounded by alpha too (a little
 * conservative; the mixture gives no rigorous alpha/2 per side). With m treatments each gets
 * alpha/m (Bonferroni), so a definition's false-alarm rate stays below alpha per guardrail.
 */
public final class Guardrail {
    private Guardrail() {
    }

    /** Which change of the metric is harm. */
    public enum Harm {
        DECREASE, INCREASE;

        public static Harm parse(String field, String value) {
            return Enums.parse(Harm.class, field, value);
        }
    }

    /** One treatment's guardrail state; sequence null (and breached false) when no test is possible yet. */
    public record Check(String treatment, Double absoluteLift, List<Double> sequence, double alphaPerTreatment,
                        boolean breached, String message) {
    }

    /**
     * The standard error the sequence is built on. For a rate, an arm with no conversions (or only
     * conversions) has the plug-in variance p(1-p) = 0, and the lift's standard error is then the other
     * arm's alone: with a rare guardrail event and a small arm (a 10% ramp) the small arm often has no
     * conversion yet, and the sequence excluded 0 in about 30% of A/A runs over 30 daily looks (red-team
     * SequentialPeek, binomial p = 0.001..0.005, 900/100 units a day). Each arm's variance is taken at
     * (x + 1)/(n + 2) instead (one success and one failure added, as in Agresti and Caffo, "Simple and
     * effective confidence intervals for proportions and differences of proportions", Am. Stat. 54, 2000),
     * never below the plain one: an arm without conversions then counts as "about one in n", not "exactly 0".
     * A mean metric that is mostly 0 (revenue from a rare purchase) fails the same way, and takes the pooled
     * variance of both arms as its floor (the null hypothesis's).
     */
    static double standardError(MetricType metric, Arm control, Arm treatment, LiftEstimate lift) {
        double floor = metric == MetricType.BINOMIAL
                ? Math.sqrt(adjustedVarianceOfMean(control) + adjustedVarianceOfMean(treatment))
                : Math.sqrt(SkewCheck.pooledVariance(control, treatment) * (1.0 / control.stats().n() + 1.0 / treatment.stats().n()));
        return Math.max(lift.standardError(), floor);
    }

    private static double adjustedVarianceOfMean(Arm arm) {
        double n = arm.stats().n();
        double p = (arm.stats().sum() + 1) / (n + 2);
        return p * (1 - p) / n;
    }

    public static List<Check> check(MetricType metric, Harm harm, double alpha, double sequentialTuning, Arm control,
                                    List<Arm> treatments) {
        Checks.probability("alpha", alpha);
        if (harm == null) {
            throw new IllegalArgumentException("harm is required: decrease|increase");
        }
        double rhoSquared = ConfidenceSequence.rhoSquared(alpha, sequentialTuning);
        double perTreatment = alpha / Math.max(1, treatments.size());
        List<Check> out = new ArrayList<>();
        for (Arm t : treatments) {
            if (control.stats().n() < 2 || t.stats().n() < 2) {
                out.add(new Check(t.name(), null, null, perTreatment, false, "at least 2 units per arm are needed"));
                continue;
            }
            LiftEstimate lift = Welch.absoluteLift(control.stats().estimate(metric), t.stats().estimate(metric));
            if (!lift.hasVariance()) {
                out.add(new Check(t.name(), lift.estimate(), null, perTreatment, false, "no variance yet; no test is possible"));
                continue;
            }
            long units = control.stats().n() + t.stats().n();
            double h = ConfidenceSequence.halfWidth(standardError(metric, control, t, lift), units, perTreatment, rhoSquared);
            double low = lift.estimate() - h;
            double high = lift.estimate() + h;
            boolean breached = harm == Harm.DECREASE ? high < 0 : low > 0;
            out.add(new Check(t.name(), lift.estimate(), List.of(low, high), perTreatment, breached,
                    breached ? "guardrail breached: the metric " + (harm == Harm.DECREASE ? "fell" : "rose")
                            + " beyond chance (confidence sequence " + List.of(low, high) + ")" : null));
        }
        return out;
    }
}
