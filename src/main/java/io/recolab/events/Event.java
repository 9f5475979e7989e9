package io.recolab.events;

import java.time.Instant;
import java.util.List;

/**
 * One validated event, with what the assignment function said about its unit when it arrived:
 * the treatment, and whether the unit was in the experiment (running, and inside its exposure
 * percentage, and not dated before its start). Only such exposures enter the analysis; any other
 * exposure carries its {@link Exclusion}. Conversions are always stored; whether they count is
 * decided against the unit's first analysed exposure when written, unless the conversion itself is
 * excluded ({@link Exclusion#ofConversion}: then {@code inExperiment} is false, so exports and the
 * Spark jobs, which see no exclusion, leave it out too).
 */
public record Event(String id, EventType type, ExperimentSnapshot experiment, String unit, Instant occurredAt,
                    Instant receivedAt, String metric, double value, String treatment, boolean inExperiment,
                    List<String> shownItems, Exclusion exclusion, java.util.Map<String, String> slices) {
    /** An event without slice values (issue 22.8: only exposures of a definition with slices carry them). */
    public Event(String id, EventType type, ExperimentSnapshot experiment, String unit, Instant occurredAt,
                 Instant receivedAt, String metric, double value, String treatment, boolean inExperiment,
                 List<String> shownItems, Exclusion exclusion) {
        this(id, type, experiment, unit, occurredAt, receivedAt, metric, value, treatment, inExperiment, shownItems,
                exclusion, java.util.Map.of());
    }

    /**
     * An event of a running experiment: an exposure outside the experiment is outside its
     * exposurePercent (the replay of {@code simulate} writes such events).
     */
    public Event(String id, EventType type, ExperimentSnapshot experiment, String unit, Instant occurredAt,
                 Instant receivedAt, String metric, double value, String treatment, boolean inExperiment,
                 List<String> shownItems) {
        this(id, type, experiment, unit, occurredAt, receivedAt, metric, value, treatment, inExperiment, shownItems,
                type == EventType.EXPOSURE && !inExperiment ? Exclusion.OUTSIDE_EXPOSURE : null);
    }

    public Event {
        shownItems = shownItems == null ? List.of() : List.copyOf(shownItems);
        slices = slices == null ? java.util.Map.of() : java.util.Map.copyOf(slices);
        if (type == EventType.CONVERSION && !slices.isEmpty()) {
            throw new IllegalArgumentException("conversion " + id + " must not carry slice values");
        }
        if (type == EventType.CONVERSION && !shownItems.isEmpty()) {
            throw new IllegalArgumentException("conversion " + id + " must not carry shown items");
        }
        if (id == null || unit == null || type == null || experiment == null || occurredAt == null
                || receivedAt == null || treatment == null) {
            throw new IllegalArgumentException("id, type, experiment, unit, timestamps and treatment are required, got id "
                    + id + ", type " + type + ", unit " + unit);
        }
        if (type == EventType.CONVERSION && (metric == null || !experiment.metrics().containsKey(metric))) {
            throw new IllegalArgumentException("conversion " + id + " needs a metric of " + experiment.key()
                    + ", got " + metric);
        }
        if (type == EventType.EXPOSURE && metric != null) {
            throw new IllegalArgumentException("exposure " + id + " must not name a metric, got " + metric);
        }
        // An exposure outside the analysis says why; a conversion only when its unit is forced (QA: the
        // unit sees the forced treatment) or it occurred after the stop (units see the control then).
        if (exclusion != null && (inExperiment || type != EventType.EXPOSURE && !exclusion.appliesToConversions())) {
            throw new IllegalArgumentException("event " + id + ": only an exposure outside the analysis (or a forced unit's"
                    + " conversion, or one after the stop) has an exclusion, got " + exclusion + " for a " + type
                    + (inExperiment ? " in the experiment" : ""));
        }
        if (type == EventType.EXPOSURE && !inExperiment && exclusion == null) {
            throw new IllegalArgumentException("exposure " + id + " outside the analysis needs its exclusion");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("event " + id + ": value must be finite, got " + value);
        }
    }

    /** The same event kept out of the analysis for {@code reason} (in_experiment false). */
    public Event excludedAs(Exclusion reason) {
        return new Event(id, type, experiment, unit, occurredAt, receivedAt, metric, value, treatment, false, shownItems,
                reason, slices);
    }

    /** An exposure that puts its unit into the analysed population. */
    public boolean analysedExposure() {
        return type == EventType.EXPOSURE && inExperiment;
    }

    public String experimentKey() {
        return experiment.key();
    }
}
