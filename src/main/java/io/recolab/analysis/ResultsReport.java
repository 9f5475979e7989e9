package io.recolab.analysis;

import java.util.List;
import java.util.Map;

/**
 * The results page of one experiment and metric (CONTRACT §5): per-treatment totals, each
 * treatment against the control from the statistics engine, the sample-ratio check and the
 * daily rollups. Fields without a defined value are null and {@code message} says why.
 * {@code excluded}: the experiment's stored exposures kept out of all of this, by reason
 * ({@code events.Exclusion}: outsideExposure, outsideTargeting, outsideLayer, heldOut, draft, paused, stopped, beforeStart, forced);
 * {@code excludedConversions}: its stored conversions kept out (forced, stopped).
 */
public record ResultsReport(String experiment, String metric, String metricType, int windowDays, String status,
                            String test, String correction, double alpha, List<TreatmentResult> treatments,
                            List<ComparisonView> comparisons, Srm srm, List<DailyRow> daily, Map<String, Long> excluded,
                            String metricRole, List<GuardrailView> guardrails, MetricKind kind, Family family,
                            Map<String, Long> excludedConversions) {
    public ResultsReport {
        excluded = excluded == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(excluded));
        excludedConversions = excludedConversions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(excludedConversions));
    }

    /** A report without excluded conversions. */
    public ResultsReport(String experiment, String metric, String metricType, int windowDays, String status,
                         String test, String correction, double alpha, List<TreatmentResult> treatments,
                         List<ComparisonView> comparisons, Srm srm, List<DailyRow> daily, Map<String, Long> excluded,
                         String metricRole, List<GuardrailView> guardrails, MetricKind kind, Family family) {
        this(experiment, metric, metricType, windowDays, status, test, correction, alpha, treatments, comparisons, srm,
                daily, excluded, metricRole, guardrails, kind, family, Map.of());
    }

    /** A report without the metric kind's details (issue 22.7) or the family correction across metrics. */
    public ResultsReport(String experiment, String metric, String metricType, int windowDays, String status,
                         String test, String correction, double alpha, List<TreatmentResult> treatments,
                         List<ComparisonView> comparisons, Srm srm, List<DailyRow> daily, Map<String, Long> excluded,
                         String metricRole, List<GuardrailView> guardrails) {
        this(experiment, metric, metricType, windowDays, status, test, correction, alpha, treatments, comparisons, srm,
                daily, excluded, metricRole, guardrails, null, null);
    }

    /**
     * How the metric was analysed (issue 22.7). {@code kind}: binomial, mean or ratio; {@code source}:
     * "rollups" (the daily sums) or "units" (each unit's value: needed to cap, to adjust by CUPED, or
     * for a ratio's cross-products); a ratio's {@code numerator} and {@code denominator}; {@code caps}:
     * each capped series (the metric, or a ratio's capped parts); {@code cuped} when adjusted.
     */
    public record MetricKind(String kind, String source, String numerator, String denominator, List<Cap> caps,
                             Cuped cuped) {
    }

    /** A winsorized series: its metric, the percentile, the cap (null: no unit had a non-zero value), units above it. */
    public record Cap(String metric, double percentile, Double value, long cappedUnits) {
    }

    /**
     * CUPED (Deng et al. 2013): the covariate's source and window, how many units had a non-zero covariate,
     * and per treatment theta and the variance reduction of its lift, 1 - Var(lift_cuped)/Var(lift_plain).
     */
    public record Cuped(String covariate, int windowDays, long unitsWithCovariate, List<Reduction> comparisons) {
    }

    /**
     * rawRelativeLift, rawRelativeCi: the same comparison without the adjustment (the plain lift), so
     * the page and the charts can show the adjusted interval beside the one it narrows.
     */
    public record Reduction(String treatment, Double theta, Double varianceReduction, Double rawRelativeLift,
                            List<Double> rawRelativeCi) {
        public Reduction(String treatment, Double theta, Double varianceReduction) {
            this(treatment, theta, varianceReduction, null, null);
        }
    }

    /**
     * The correction across treatments and metrics (issue 22.6): the family is every treatment
     * against the control on every primary and secondary metric of the definition, corrected as
     * one list with the report's correction; guardrails are watched apart (sequential, one-sided).
     * {@code members} are in definition order, metric by metric; a comparison without a p-value
     * (too few units, the Bayesian test) is listed with nulls and is not in the family.
     */
    public record Family(String correction, int size, String description, List<FamilyMember> members) {
    }

    public record FamilyMember(String metric, String role, String treatment, Double pValue, Double adjustedPValue,
                               Boolean significant) {
    }

    /** A report that knows of no excluded exposure, role or guardrail. */
    public ResultsReport(String experiment, String metric, String metricType, int windowDays, String status,
                         String test, String correction, double alpha, List<TreatmentResult> treatments,
                         List<ComparisonView> comparisons, Srm srm, List<DailyRow> daily) {
        this(experiment, metric, metricType, windowDays, status, test, correction, alpha, treatments, comparisons, srm,
                daily, Map.of(), null, List.of());
    }

    /**
     * One guardrail metric against one treatment (issue 22.6): breached when its confidence sequence
     * lies wholly on the harmful side (io.recolab.stats.Guardrail), so it may be read every day.
     */
    public record GuardrailView(String metric, String harm, String treatment, Double absoluteLift, List<Double> sequence,
                                boolean breached, String message) {
    }

    /**
     * meanCi: the interval of this treatment's own rate (Wilson) or mean (Student's t) at the
     * report's alpha, null without enough units; meanCiMethod names it ("wilson" or "t").
     */
    public record TreatmentResult(String name, String recommender, int weight, long units, long conversions, double sum,
                                  double sumSquares, double mean, List<Double> meanCi, String meanCiMethod) {
        public TreatmentResult(String name, String recommender, int weight, long units, long conversions, double sum,
                               double sumSquares, double mean) {
            this(name, recommender, weight, units, conversions, sum, sumSquares, mean, null, null);
        }
    }

    public record ComparisonView(String treatment, Double relativeLift, List<Double> relativeCi, Double absoluteLift,
                                 List<Double> absoluteCi, Double pValue, Double adjustedPValue, Boolean significant,
                                 Double chanceToWin, Double controlMean, Double treatmentMean, String message,
                                 String warning) {
        public ComparisonView(String treatment, Double relativeLift, List<Double> relativeCi, Double absoluteLift,
                              List<Double> absoluteCi, Double pValue, Double adjustedPValue, Boolean significant,
                              Double chanceToWin, Double controlMean, Double treatmentMean, String message) {
            this(treatment, relativeLift, relativeCi, absoluteLift, absoluteCi, pValue, adjustedPValue, significant,
                    chanceToWin, controlMean, treatmentMean, message, null);
        }
    }

    public record Srm(Double pValue, boolean mismatch, Double chiSquare, String message) {
    }
}
