package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an {@link EventRecord} straight from the record's JSON bytes ({@link JsonCursor}). A Jackson
 * parser per record (with its contexts, text buffers and a String per field) was a fifth of a
 * processor lane's time and a quarter of what it allocated in a JFR profile of {@code KafkaBench};
 * this reads the bytes once, makes Strings only of values it keeps, shares the few distinct short
 * values (types, treatments, metric names, slices) between records, reads instants from the bytes
 * ({@link InstantText}) and finds the {@link ExperimentSnapshot} by the bytes of the experiment and
 * its metrics (a poll of thousands of records carries a handful). It reads any JSON text (escapes,
 * whitespace, field order, unknown fields) as Jackson's {@code getText}, {@code getValueAsDouble},
 * {@code getValueAsInt} and {@code getValueAsBoolean} read it; {@code RecordDecoderTest} compares the
 * two. Not thread-safe: one per lane.
 */
final class RecordDecoder {
    private static final int MAX_SNAPSHOTS = 1_000;

    private final Map<SnapshotKey, ExperimentSnapshot> snapshots = new HashMap<>();
    private final SnapshotKey probe = new SnapshotKey();
    private final JsonCursor in = new JsonCursor();

    /** @throws IllegalArgumentException for a record no recolab node wrote */
    EventRecord decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value (a tombstone)");
        }
        in.reset(value);
        try {
            in.skipSpace();
            if (in.pos >= in.b.length || in.b[in.pos] != '{') {
                throw new JsonCursor.Malformed("not a JSON object");
            }
            return read();
        } catch (JsonCursor.Malformed ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a recolab event record: " + ex.getMessage(), ex);
        } finally {
            in.release();
        }
    }

    private EventRecord read() {
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
        int metricsStart = -1;
        int metricsEnd = -1;
        String ifShown = null;
        if (in.enter('{', '}')) {
            do {
                String field = fieldName();
                switch (field) {
                    case "id" -> id = JacksonScalars.text(in, field, false);
                    case "type" -> type = JacksonScalars.text(in, field, true);
                    case "experiment" -> experiment = JacksonScalars.text(in, field, true);
                    case "unit" -> unit = JacksonScalars.text(in, field, false);
                    case "occurredAt" -> occurredAt = instantValue(field);
                    case "receivedAt" -> receivedAt = instantValue(field);
                    case "value" -> value = JacksonScalars.doubleValue(in);
                    case "treatment" -> treatment = JacksonScalars.text(in, field, true);
                    case "inExperiment" -> inExperiment = JacksonScalars.booleanValue(in);
                    case "metric" -> metric = JacksonScalars.text(in, field, true);
                    case "exclusion" -> exclusion = JacksonScalars.text(in, field, true);
                    case "reason" -> reason = JacksonScalars.text(in, field, true);
                    case "ifShown" -> ifShown = JacksonScalars.text(in, field, false);
                    case "items" -> items = items();
                    case "slices" -> slices = slices();
                    case "metrics" -> {
                        if (in.peek() != '{') {
                            in.skipValue();
                            throw new IllegalArgumentException("metrics must be an object");
                        }
                        metricsStart = in.pos;
                        in.skipValue();
                        metricsEnd = in.pos;
                    }
                    default -> in.skipValue();
                }
            } while (in.more('}'));
        }
        if (metricsStart < 0) {
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
        Event e = new Event(id, eventType, snapshot(experiment, metricsStart, metricsEnd), unit, occurredAt, receivedAt, metric,
                value, treatment, inExperiment, items, excluded, slices);
        return new EventRecord(e, ifShown);
    }

    /** The snapshot of these metrics bytes; their specs are read and validated only for bytes not seen yet. */
    private ExperimentSnapshot snapshot(String experiment, int start, int end) {
        probe.set(experiment, in.b, start, end);
        ExperimentSnapshot known = snapshots.get(probe);
        if (known != null) {
            return known;
        }
        int resume = in.pos;
        in.pos = start;
        Map<String, MetricSpec> byName = metrics();
        in.pos = resume;
        ExperimentSnapshot made = new ExperimentSnapshot(experiment, byName);
        if (snapshots.size() >= MAX_SNAPSHOTS) {
            snapshots.clear(); // definitions changed many times: start again rather than grow
        }
        snapshots.put(probe.copy(), made);
        return made;
    }

    private Map<String, MetricSpec> metrics() {
        Map<String, MetricSpec> out = new HashMap<>();
        if (!in.enter('{', '}')) {
            return out;
        }
        do {
            String name = in.name(false);
            if (in.peek() != '{') {
                throw new IllegalArgumentException("metric " + name + " must be an object");
            }
            String type = null;
            int window = -1;
            if (in.enter('{', '}')) {
                do {
                    String field = fieldName();
                    if ("type".equals(field)) {
                        type = JacksonScalars.text(in, "type", true);
                    } else if ("windowDays".equals(field)) {
                        window = JacksonScalars.intValue(in);
                    } else {
                        in.skipValue();
                    }
                } while (in.more('}'));
            }
            if (type == null || window < 0) {
                throw new IllegalArgumentException("metric " + name + " needs its type and windowDays");
            }
            out.put(name, new MetricSpec(name, MetricSpec.Type.valueOf(type.toUpperCase(Locale.ROOT)), window));
        } while (in.more('}'));
        return out;
    }

    private List<String> items() {
        if (in.peek() != '[') {
            throw new IllegalArgumentException("items must be an array");
        }
        List<String> out = new ArrayList<>();
        if (in.enter('[', ']')) {
            do {
                in.skipSpace();
                out.add(JacksonScalars.text(in, "items", false));
            } while (in.more(']'));
        }
        return out;
    }

    private Map<String, String> slices() {
        if (in.literal("null")) {
            return null;
        }
        if (in.peek() != '{') {
            throw new IllegalArgumentException("slices must be an object");
        }
        Map<String, String> out = new HashMap<>();
        if (in.enter('{', '}')) {
            do {
                String name = in.name(true);
                out.put(name, JacksonScalars.text(in, name, true));
            } while (in.more('}'));
        }
        return out;
    }

    /**
     * A member's name and its colon: the usual names without escapes come back as the constants the
     * switch compares; the cursor is left on the value.
     */
    private String fieldName() {
        in.skipSpace();
        in.expect('"');
        in.stringSpan();
        int n = in.spanEnd - in.spanStart;
        if (!in.spanEscaped && n < FIELDS_BY_LENGTH.length) {
            byte[][] candidates = FIELDS_BY_LENGTH[n];
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i][0] == in.b[in.spanStart] && Arrays.equals(candidates[i], 0, n, in.b, in.spanStart, in.spanEnd)) {
                    in.colon();
                    return NAMES_BY_LENGTH[n][i];
                }
            }
        }
        String name = in.spanText(false);
        in.colon();
        return name;
    }

    private static final List<String> FIELDS = List.of("id", "type", "experiment", "unit", "occurredAt", "receivedAt", "value",
            "treatment", "inExperiment", "metric", "exclusion", "reason", "ifShown", "items", "slices", "metrics", "windowDays");
    /** The names' bytes by length: a name read is compared with the two or three of its length only. */
    private static final byte[][][] FIELDS_BY_LENGTH;
    /** The same names as the Strings the switch's cases hold (so that it compares them by reference first). */
    private static final String[][] NAMES_BY_LENGTH;

    static {
        int longest = FIELDS.stream().mapToInt(String::length).max().orElse(0);
        FIELDS_BY_LENGTH = new byte[longest + 1][][];
        NAMES_BY_LENGTH = new String[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            int length = n;
            NAMES_BY_LENGTH[n] = FIELDS.stream().filter(f -> f.length() == length).toArray(String[]::new);
            FIELDS_BY_LENGTH[n] = java.util.Arrays.stream(NAMES_BY_LENGTH[n]).map(f -> f.getBytes(StandardCharsets.ISO_8859_1))
                    .toArray(byte[][]::new);
        }
    }

    private Instant instantValue(String field) {
        byte c = in.peek();
        if (c == '"') {
            in.pos++;
            in.stringSpan();
            if (!in.spanEscaped) {
                Instant fast = InstantText.instant(in.b, in.spanStart, in.spanEnd);
                if (fast != null) {
                    return fast;
                }
            }
            return Instant.parse(in.spanText(false));
        }
        String text = JacksonScalars.text(in, field, false);
        return text == null ? null : Instant.parse(text);
    }

    private static Exclusion exclusion(String wireName) {
        Exclusion x = Exclusion.ofWireName(wireName);
        if (x == null) {
            throw new IllegalArgumentException("unknown exclusion '" + wireName + "'");
        }
        return x;
    }

    /** The experiment and the bytes of its metrics: which snapshot a record carries. */
    private static final class SnapshotKey {
        private String experiment;
        private byte[] bytes;
        private int from;
        private int to;
        private int hash;

        void set(String experiment, byte[] bytes, int from, int to) {
            this.experiment = experiment;
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            int h = java.util.Objects.hashCode(experiment);
            for (int i = from; i < to; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        SnapshotKey copy() {
            SnapshotKey k = new SnapshotKey();
            k.experiment = experiment;
            k.bytes = Arrays.copyOfRange(bytes, from, to);
            k.from = 0;
            k.to = to - from;
            k.hash = hash;
            return k;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SnapshotKey k && hash == k.hash && java.util.Objects.equals(experiment, k.experiment)
                    && Arrays.equals(bytes, from, to, k.bytes, k.from, k.to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

}
