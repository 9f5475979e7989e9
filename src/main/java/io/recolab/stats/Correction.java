package io.recolab.stats;

/** Multiple-comparison correction across the treatments (and metrics) of an experiment. */
public enum Correction {
    HOLM, BH, NONE;

    public static Correction parse(String field, String value) {
        return Enums.parse(Correction.class, field, value);
    }
}
