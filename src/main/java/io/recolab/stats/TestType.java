package io.recolab.stats;

/** The inference used for a comparison (CONTRACT §6). */
public enum TestType {
    /** Welch's t at a fixed horizon. */
    FREQUENTIST,
    /** Asymptotic confidence sequences: valid under continuous peeking. */
    SEQUENTIAL,
    /** Gaussian posterior on the lift. */
    BAYESIAN;

    public static TestType parse(String field, String value) {
        return Enums.parse(TestType.class, field, value);
    }
}
