package io.recolab.simulate;

import java.time.Instant;

/**
 * One event a replay produces, in the shape of {@code POST /api/v1/events} (CONTRACT section 5) plus what the
 * assignment said, which a store recomputes itself and an in-memory tally uses directly.
 *
 * @param treatment index of the unit's treatment in the definition (0 = control)
 * @param metric    null for an exposure
 */
public record ReplayEvent(String id, Type type, String unit, int treatment, boolean inExperiment, String metric,
                          double value, Instant at) {
    public enum Type { EXPOSURE, CONVERSION }

    public ReplayEvent {
        if (id == null || type == null || unit == null || at == null) {
            throw new IllegalArgumentException("id, type, unit and time are required, got " + id + ", " + type + ", "
                    + unit + ", " + at);
        }
        if ((type == Type.CONVERSION) != (metric != null)) {
            throw new IllegalArgumentException("event " + id + ": a conversion needs a metric, an exposure none");
        }
    }
}
