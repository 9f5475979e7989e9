package io.recolab.experiment;

import java.util.regex.Pattern;

/**
 * A metric an experiment is judged on. {@code windowDays}: a conversion counts only within this
 * many days after the unit's first exposure (the article's two-week window).
 */
public record MetricSpec(String name, Type type, int windowDays) {
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
    }

    public static MetricSpec defaultMetric() {
        return new MetricSpec("conversion", Type.BINOMIAL, 14);
    }
}
