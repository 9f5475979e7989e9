package io.recolab.events;

import java.time.Instant;

/**
 * What {@link StoredEvent} compares, in 17 bytes instead of the event's strings and instants: a
 * 64-bit hash of type, unit, metric and value, the occurrence time in nanoseconds, and whether the
 * server stamped it (occurred = received, see {@link StoredEvent#sameAs}). A Kafka processor
 * keeping rollups remembers one per event id for its dedup horizon, in its heap and its changelog.
 * Two events with different content share a hash with probability 2^-64; the only effect would be a
 * reused id counted as a retry instead of a conflict (neither is stored).
 */
public record EventPrint(long content, long occurredNanos, boolean stamped) {
    public static EventPrint of(Event e) {
        return of(e.type().wireName(), e.unit(), e.metric(), e.value(), e.occurredAt(), e.receivedAt());
    }

    public static EventPrint of(StoredEvent s) {
        return of(s.type(), s.unit(), s.metric(), s.value(), s.occurredAt(), s.receivedAt());
    }

    private static EventPrint of(String type, String unit, String metric, double value, Instant occurred, Instant received) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the characters, each string ended by a mark no character has
        h = mix(h, type);
        h = mix(h, unit);
        h = metric == null ? step(h, 0x1_0001) : mix(h, metric);
        h = step(h, Double.doubleToLongBits(value)); // as Double.compare: -0.0 is not 0.0, every NaN one
        long occurredNanos = nanos(occurred);
        return new EventPrint(finish(h), occurredNanos, Math.abs(occurredNanos - nanos(received)) < 1_000);
    }

    /** As {@link StoredEvent#sameAs}: same content, and the same microsecond unless both were stamped by the server. */
    public boolean sameAs(Event e) {
        EventPrint other = of(e);
        return content == other.content && (stamped && other.stamped || Math.abs(occurredNanos - other.occurredNanos) < 1_000);
    }

    /** Nanoseconds since the epoch, saturated beyond year 2262 (no event the parser accepts is there). */
    private static long nanos(Instant t) {
        long s = t.getEpochSecond();
        if (s > 9_000_000_000L || s < -9_000_000_000L) {
            return s > 0 ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
        }
        return s * 1_000_000_000L + t.getNano();
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i));
        }
        return step(h, 0x1_0000);
    }

    private static long step(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** SplitMix64's finaliser: FNV's low bits mix poorly. */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
