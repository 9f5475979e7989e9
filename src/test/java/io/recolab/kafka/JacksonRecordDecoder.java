package io.recolab.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The processor's decoder before {@link RecordDecoder} read the bytes itself: Jackson's token stream.
 * Kept in the tests as the oracle that RecordDecoderTest compares the byte decoder with.
 */
final class JacksonRecordDecoder {
    private static final int MAX_SNAPSHOTS = 1_000;
    /**
     * Without Jackson's duplicate-field detection (a sixth of the decoder's time): records are written
     * by recolab nodes from events their parser validated, duplicate fields included.
     */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final Map<String, ExperimentSnapshot> snapshots = new HashMap<>();

    /** @throws IllegalArgumentException for a record no recolab node wrote */
    EventRecord decode(byte[] value) {
        try (JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            try {
                return read(p);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("not a recolab event record: " + ex.getMessage(), ex);
            }
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        }
    }

    private EventRecord read(JsonParser p) throws IOException {
        String id = null;
        String type = null;
        String experiment = null;
        String unit = null;
        Instant occurredAt = null;
        Instant receivedAt = null;
        double value = 0;
        String treatment = null;
        boolean inExperiment = false;
        String metric = null;
        String exclusion = null;
        String reason = null;
        List<String> items = List.of();
        Map<String, String> slices = null;
        String metricsKey = null;
        List<String[]> metrics = null;
        String ifShown = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, t);
                case "type" -> type = text(p, t);
                case "experiment" -> experiment = text(p, t);
                case "unit" -> unit = text(p, t);
                case "occurredAt" -> occurredAt = instant(text(p, t));
                case "receivedAt" -> receivedAt = instant(text(p, t));
                case "value" -> value = p.getValueAsDouble();
                case "treatment" -> treatment = text(p, t);
                case "inExperiment" -> inExperiment = p.getValueAsBoolean();
                case "metric" -> metric = text(p, t);
                case "exclusion" -> exclusion = text(p, t);
                case "reason" -> reason = text(p, t);
                case "ifShown" -> ifShown = text(p, t);
                case "items" -> items = items(p, t);
                case "slices" -> slices = slices(p, t);
                case "metrics" -> {
                    metrics = new ArrayList<>(4);
                    metricsKey = metrics(p, t, metrics);
                }
                default -> p.skipChildren();
            }
        }
        if (metrics == null) {
            throw new IllegalArgumentException("no metrics");
        }
        if (type == null) {
            throw new IllegalArgumentException("no type");
        }
        EventType eventType = "exposure".equals(type) ? EventType.EXPOSURE : EventType.CONVERSION;
        // Why an exposure was left out, as the serving node decided (draft, paused, stopped, before the
        // start, outside exposurePercent); records written before the field existed said only "outside".
        // A reason this release does not know (a newer node's) falls back to the older name beside it.
        Exclusion newer = reason == null ? null : Exclusion.ofWireName(reason);
        Exclusion excluded = newer != null ? newer
                : exclusion != null ? exclusion(exclusion)
                : eventType == EventType.EXPOSURE && !inExperiment ? Exclusion.OUTSIDE_EXPOSURE : null;
        Event e = new Event(id, eventType, snapshot(experiment, metricsKey, metrics), unit, occurredAt, receivedAt, metric,
                value, treatment, inExperiment, items, excluded, slices);
        return new EventRecord(e, ifShown);
    }

    /** @param metrics (name, type, windowDays) as read: made into validated specs only for a snapshot not seen yet */
    private ExperimentSnapshot snapshot(String experiment, String metricsKey, List<String[]> metrics) {
        String key = experiment + '\n' + metricsKey;
        ExperimentSnapshot known = snapshots.get(key);
        if (known != null) {
            return known;
        }
        Map<String, MetricSpec> byName = new HashMap<>();
        for (String[] m : metrics) {
            byName.put(m[0], new MetricSpec(m[0], MetricSpec.Type.valueOf(m[1].toUpperCase(Locale.ROOT)), Integer.parseInt(m[2])));
        }
        ExperimentSnapshot made = new ExperimentSnapshot(experiment, byName);
        if (snapshots.size() >= MAX_SNAPSHOTS) {
            snapshots.clear(); // definitions changed many times: start again rather than grow
        }
        snapshots.put(key, made);
        return made;
    }

    /** The metrics object, into {@code out}; returns a string naming its content (the cache's key). */
    private static String metrics(JsonParser p, JsonToken t, List<String[]> out) throws IOException {
        expect(t, JsonToken.START_OBJECT, "metrics");
        StringBuilder key = new StringBuilder(32);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expect(p.nextToken(), JsonToken.START_OBJECT, "metric " + name);
            String type = null;
            int window = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("type".equals(field)) {
                    type = text(p, v);
                } else if ("windowDays".equals(field)) {
                    window = p.getValueAsInt(-1);
                } else {
                    p.skipChildren();
                }
            }
            if (type == null || window < 0) {
                throw new IllegalArgumentException("metric " + name + " needs its type and windowDays");
            }
            out.add(new String[] {name, type, Integer.toString(window)});
            key.append(name).append('\t').append(type).append('\t').append(window).append('\n');
        }
        return key.toString();
    }

    private static List<String> items(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY, "items");
        List<String> out = new ArrayList<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(text(p, v));
        }
        return out;
    }

    private static Map<String, String> slices(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_OBJECT, "slices");
        Map<String, String> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            out.put(name, text(p, p.nextToken()));
        }
        return out;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isScalarValue()) {
            throw new IllegalArgumentException("field " + p.currentName() + " must be a scalar");
        }
        return p.getText();
    }

    private static void expect(JsonToken t, JsonToken expected, String what) {
        if (t != expected) {
            throw new IllegalArgumentException(what + " must be " + (expected == JsonToken.START_ARRAY ? "an array" : "an object"));
        }
    }

    private static Exclusion exclusion(String wireName) {
        Exclusion x = Exclusion.ofWireName(wireName);
        if (x == null) {
            throw new IllegalArgumentException("unknown exclusion '" + wireName + "'");
        }
        return x;
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
