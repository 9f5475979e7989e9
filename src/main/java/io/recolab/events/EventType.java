package io.recolab.events;

import java.util.Locale;

/** What a logged event says about a unit (CONTRACT §5). */
public enum EventType {
    /** The unit saw its treatment; the first exposure puts it into the analysed population. */
    EXPOSURE,
    /** The unit converted on a metric; counts only within the metric's window after the first exposure. */
    CONVERSION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
