package io.recolab.stats;

/** Which lift is tested and reported as {@code lift}: relative (default) or absolute. */
public enum Difference {
    RELATIVE, ABSOLUTE;

    public static Difference parse(String field, String value) {
        return Enums.parse(Difference.class, field, value);
    }
}
