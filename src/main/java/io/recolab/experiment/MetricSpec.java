package io.recolab.experiment;

import java.util.regex.Pattern;

/**
 * A metric an experiment is judged on. {@code windowDays}: a conversion counts only within this
 * many days after the unit's first exposure (the article's two-week window). {@code role}
 * (issue 22.6; null = not stated, read as primary for the first metric and secondary after it):
 * the verdict speaks for the primary metric; a guardrail names the direction that is {@code harm}
 * and is watched with a sequential one-sided check (docs/statistics.md).
 */
public record MetricSpec(String name, Type type, int windowDays, Role role, Harm harm, Ratio ratio,
                         Double capPercentile, Covariate cuped) {
    public MetricSpec(String name, Type type, int windowDays) {
        this(name, type, windowDays, null, null);
    }

    public MetricSpec(String name, Type type, int windowDays, Role role, Harm harm) {
        this(name, type, windowDays, role, harm, null, null, null);
    }

    /**
     * A ratio metric's parts (issue 22.7): per unit, the numerator metric's value over the denominator's,
     * both other metrics of the definition, or {@link #EXPOSURES} (the unit's analysed exposures within
     * this metric's window). Analysed as sum(Y)/sum(X) per arm with the delta method (docs/statistics.md).
     */
    public record Ratio(String numerator, String denominator) {
        public Ratio {
            if (numerator == null || denominator == null) {
                throw new InvalidDefinition("a ratio metric needs numerator and denominator (metric names, or \""
                        + EXPOSURES + "\")");
            }
            if (numerator.equals(denominator)) {
                throw new InvalidDefinition("a ratio's numerator and denominator must differ, both are \"" + numerator + "\"");
            }
        }
    }

    /**
     * Where CUPED finds each unit's pre-exposure covariate: the metric's own conversions in the metric's
     * window before the unit's first exposure, or the unit's interactions (customer id = unit id) in that
     * window, for metrics the server derives from interactions, which have no conversions before an exposure.
     */
    public enum Covariate {
        CONVERSIONS, INTERACTIONS;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The per-unit count a ratio may divide by: the unit's analysed exposures within the metric's window. */
    public static final String EXPOSURES = "exposures";

    /** Whether results need each unit's value (capping, CUPED, ratio) rather than the daily rollups alone. */
    public boolean unitLevel() {
        return type == Type.RATIO || capPercentile != null || cuped != null;
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
        BINOMIAL, MEAN, RATIO;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MetricSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidDefinition("metric name must match " + NAME + ", got " + Treatment.quote(name));
        }
        if (type == null) {
            throw new InvalidDefinition("metric " + name + ": type must be binomial, mean or ratio");
        }
        if ((type == Type.RATIO) != (ratio != null)) {
            throw new InvalidDefinition("metric " + name + ": numerator and denominator are "
                    + (type == Type.RATIO ? "required for" : "only for") + " type ratio");
        }
        if (capPercentile != null && !(capPercentile > 0 && capPercentile < 100)) {
            throw new InvalidDefinition("metric " + name + ": cap.percentile must be in (0, 100), got " + capPercentile);
        }
        if (capPercentile != null && type != Type.MEAN) {
            throw new InvalidDefinition("metric " + name + ": cap is for mean metrics (a binomial value is 0 or 1;"
                    + " a ratio reads its parts' caps), got type " + type.wireName());
        }
        if (cuped != null && type == Type.RATIO) {
            throw new InvalidDefinition("metric " + name + ": cuped is for binomial and mean metrics, not ratio");
        }
        if (type == Type.RATIO && role == Role.GUARDRAIL) {
            throw new InvalidDefinition("metric " + name + ": a ratio metric cannot be a guardrail yet"
                    + " (guardrails are watched on the daily rollups)");
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
