package io.recolab.client;

/**
 * A unit's treatment, computed in this process: the same fields, and the same answer, as the
 * server's {@code GET /api/v1/experiments/{key}/assignment}.
 */
public record ClientAssignment(String experiment, String unit, String treatment, String recommender,
                               boolean inExperiment) {
}
