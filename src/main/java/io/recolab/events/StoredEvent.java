package io.recolab.events;

import java.time.Instant;

/**
 * What a retry must repeat: type, unit, metric, value and timestamp, to the microsecond the store
 * keeps. An event sent without a timestamp takes the server's clock at arrival (occurred = received),
 * so two such copies match whatever their arrival times.
 */
public record StoredEvent(String type, String unit, String metric, double value, Instant occurredAt, Instant receivedAt) {
    public static StoredEvent of(Event e) {
        return new StoredEvent(e.type().wireName(), e.unit(), e.metric(), e.value(), e.occurredAt(), e.receivedAt());
    }

    public boolean sameAs(Event e) {
        boolean stampedHere = sameMicrosecond(occurredAt, receivedAt);
        boolean stampedThere = sameMicrosecond(e.occurredAt(), e.receivedAt());
        boolean sameTime = stampedHere && stampedThere || sameMicrosecond(occurredAt, e.occurredAt());
        return type.equals(e.type().wireName()) && unit.equals(e.unit()) && java.util.Objects.equals(metric, e.metric())
                && Double.compare(value, e.value()) == 0 && sameTime;
    }

    /** Less than a microsecond apart: the stores keep microseconds, rounding (not truncating) the nanoseconds. */
    private static boolean sameMicrosecond(Instant a, Instant b) {
        return Math.abs(java.time.Duration.between(a, b).toNanos()) < 1_000;
    }
}
