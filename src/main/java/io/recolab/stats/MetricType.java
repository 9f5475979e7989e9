package io.recolab.stats;

import java.util.Locale;

/** How a metric's per-unit values are summarised; decides the variance formula (CONTRACT §6). */
public enum MetricType {
    /** 0/1 per unit; {@code sum} counts converted units; variance p(1-p). */
    BINOMIAL,
    /** Any real value per unit; sample variance (sumSquares - sum^2/n)/(n-1). */
    MEAN,
    /** numerator/denominator per unit (e.g. revenue per order); variance by the delta method. */
    RATIO;

    public static MetricType parse(String field, String value) {
        return Enums.parse(MetricType.class, field, value);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
