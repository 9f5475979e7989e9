package io.recolab.experiment;

import java.util.regex.Pattern;

/**
 * A metric an experiment is judged on. {@code windowDays}: a conversion counts only within this
 * many days after the unit's first exposure (the article's two-week window). {@code role}
 * (issue 22.6; null = not stated, read as primary for the first metric and secondary after it):
 * the verdict speaks for the primary metric; a guardrail names the direction that is {@code harm}
 * and is watched with a sequential one-sided check (docs/statistics.md).
 */
public record MetricSpec(String name, Type type, int windowDays, Role role, Harm harm) {
    public MetricSpec(String name, Type type, int windowDays) {
        this(name, type, windowDays, null, null);
    }

    public enum Role {
        PRIMARY, SECONDARY, GUARDRAIL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The change of a guardrail metric that is harm. */
    public enum Harm {
        DECREASE, INCREASE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final int MAX_WINDOW_DAYS = 365;

    public enum Type {
        BINOMIAL, MEAN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MetricSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidDefinition("metric name must match " + NAME + ", got " + Treatment.quote(name));
        }
        if (type == null) {
            throw new InvalidDefinition("metric " + name + ": type must be binomial or mean");
        }
        if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
            throw new InvalidDefinition("metric " + name + ": windowDays must be in 1.." + MAX_WINDOW_DAYS
                    + ", got " + windowDays);
        }
        if (role == Role.GUARDRAIL && harm == null) {
            throw new InvalidDefinition("metric " + name + ": a guardrail needs harm: decrease or increase");
        }
        if (role != Role.GUARDRAIL && harm != null) {
            throw new InvalidDefinition("metric " + name + ": harm is only for role guardrail, got role "
                    + (role == null ? "(none)" : role.wireName()));
        }
    }

    public static MetricSpec defaultMetric() {
        return new MetricSpec("conversion", Type.BINOMIAL, 14);
    }
}
