package io.recolab.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the processor promises to remove duplicates by event id, and what is past that promise.
 * Duplicates are removed for copies arriving within the horizon of each other, which covers every
 * retry a client or node makes while the topic keeps the record (its retention, 7 days by default).
 */
public final class DedupHorizon {
    private static final Pattern OPTION = Pattern.compile("([0-9]{1,6})([dhm])");

    private DedupHorizon() {
    }

    /**
     * Whether a record is past the horizon: Kafka acknowledged it (its timestamp, set when the serving
     * node produced it) longer than the horizon ago. A record read later than that (a processor that
     * was down longer than the retention, a topic re-read from its beginning with a longer retention)
     * is a replay: it is refused and counted ({@code recolab_processor_events_total{outcome="past_horizon"}})
     * instead of adding old traffic to results that were already read. Records without a timestamp
     * (-1) are never past it.
     */
    public static boolean isPast(long timestampMillis, Instant now, Duration horizon) {
        return timestampMillis >= 0 && timestampMillis < now.minus(horizon).toEpochMilli();
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}: a whole number of days, hours or minutes. */
    public static Duration parse(String text) {
        Matcher m = OPTION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--dedup-horizon must be a whole number of days, hours or minutes, like 7d,"
                    + " 36h or 90m; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
