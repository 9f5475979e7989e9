package io.recolab.experiment;

import java.time.Instant;

/** An experiment as stored: its definition, where it is in its lifecycle, and its revision. */
public record Experiment(ExperimentDefinition definition, Status status, Instant createdAt, Instant updatedAt,
                         long revision, Instant startedAt) {
    public String key() {
        return definition.key();
    }
}
