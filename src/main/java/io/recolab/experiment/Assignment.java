package io.recolab.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of CONTRACT §5: which treatment a unit sees in an experiment.
 *
 * @param reason why a unit is outside ("not-running", "layer", "targeting", "exposure"; see
 *     {@link io.recolab.assign.Plan}); absent (null) for a unit in the experiment, so answers
 *     written before issue 23 read the same
 */
public record Assignment(String experiment, String unit, String treatment, String recommender, boolean inExperiment,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    public Assignment(String experiment, String unit, String treatment, String recommender, boolean inExperiment) {
        this(experiment, unit, treatment, recommender, inExperiment, null);
    }
}
