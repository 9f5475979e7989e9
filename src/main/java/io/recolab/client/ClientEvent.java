package io.recolab.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An exposure or conversion waiting to be sent. The id is chosen here, once: every retry (to any
 * node) carries the same id, so the server counts the event once however often it arrives.
 * The timestamp is when it happened, not when it was finally delivered.
 */
public record ClientEvent(String id, String type, String experiment, String unit, Instant timestamp, String metric,
                          Double value) {
    static final int MAX_ID = 128;
    static final int MAX_UNIT = 256;

    public ClientEvent {
        require(id, "id", MAX_ID);
        require(experiment, "experiment", 64);
        require(unit, "unit", MAX_UNIT);
        if (!"exposure".equals(type) && !"conversion".equals(type)) {
            throw new IllegalArgumentException("type must be exposure or conversion, got " + type);
        }
        if ("conversion".equals(type) != (metric != null)) {
            throw new IllegalArgumentException("a conversion names a metric and an exposure does not; got type "
                    + type + ", metric " + metric);
        }
        if (value != null && (metric == null || !Double.isFinite(value))) {
            throw new IllegalArgumentException("only a conversion carries a value, and it must be finite; got " + value);
        }
        timestamp = (timestamp == null ? Instant.now() : timestamp).truncatedTo(ChronoUnit.MILLIS);
    }

    public static ClientEvent exposure(String experiment, String unit) {
        return new ClientEvent(newId(), "exposure", experiment, unit, null, null, null);
    }

    /** @param value the conversion's value, or null for 1 (a binomial metric's conversion) */
    public static ClientEvent conversion(String experiment, String unit, String metric, Double value) {
        return new ClientEvent(newId(), "conversion", experiment, unit, null, metric, value);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    ObjectNode toJson(ObjectNode node) {
        node.put("id", id).put("type", type).put("experiment", experiment).put("unit", unit)
                .put("timestamp", timestamp.toString());
        if (metric != null) {
            node.put("metric", metric);
        }
        if (value != null) {
            node.put("value", value);
        }
        return node;
    }

    /** The server's rules (CONTRACT §5): caught here, so that one bad event never poisons a batch. */
    static void require(String s, String field, int max) {
        if (s == null || s.isEmpty() || s.length() > max) {
            throw new IllegalArgumentException(field + " must have 1.." + max + " characters, got "
                    + (s == null ? "null" : s.length() + " characters"));
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters (at index " + i + ")");
            }
        }
    }
}
