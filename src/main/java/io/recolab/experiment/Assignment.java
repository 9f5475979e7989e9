package io.recolab.experiment;

/** The answer of CONTRACT §5: which treatment a unit sees in an experiment. */
public record Assignment(String experiment, String unit, String treatment, String recommender, boolean inExperiment) {
}
