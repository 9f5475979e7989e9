package io.recolab.stats;

/** The alternative hypothesis about the lift d = treatment - control. */
public enum Alternative {
    TWO_SIDED, GREATER, LESS;

    public static Alternative parse(String field, String value) {
        return Enums.parse(Alternative.class, field, value);
    }
}
