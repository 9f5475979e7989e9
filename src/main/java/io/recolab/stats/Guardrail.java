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
            double h = ConfidenceSequence.halfWidth(lift.standardError(), units, perTreatment, rhoSquared);
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
