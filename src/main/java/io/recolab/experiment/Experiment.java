package io.recolab.experiment;

import java.time.Instant;

/**
 * An experiment as stored: its definition, where it is in its lifecycle, and its revision.
 * {@code stoppedAt} is when its run ended (null until stopped); {@code archivedAt} is set while it
 * is archived (hidden from the default list, read-only; see {@link ExperimentService#archive}).
 */
public record Experiment(ExperimentDefinition definition, Status status, Instant createdAt, Instant updatedAt,
                         long revision, Instant startedAt, Instant stoppedAt, Instant archivedAt) {

    /** An experiment that was never stopped nor archived. */
    public Experiment(ExperimentDefinition definition, Status status, Instant createdAt, Instant updatedAt,
                      long revision, Instant startedAt) {
        this(definition, status, createdAt, updatedAt, revision, startedAt, null, null);
    }

    public String key() {
        return definition.key();
    }

    /**
     * The one rule of what a stop cuts off: something that happened at or after {@code stoppedAt} (null: not
     * stopped). From the stop every unit gets the control, so what it does says nothing of its arm. Used by
     * the conversion exclusion, the interactions' conversions and credits, and the store's own stop check.
     */
    public static boolean stoppedBy(Instant stoppedAt, Instant at) {
        return stoppedAt != null && !at.isBefore(stoppedAt);
    }

    public boolean archived() {
        return archivedAt != null;
    }
}
