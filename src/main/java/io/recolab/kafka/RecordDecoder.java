package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an {@link EventRecord} straight from the record's JSON bytes. A Jackson parser per record
 * (with its contexts, text buffers and a String per field) was a fifth of a processor lane's time
 * and a quarter of what it allocated in a JFR profile of {@code KafkaBench}; this reads the bytes
 * once, makes Strings only of values it keeps, shares the few distinct short values (types,
 * treatments, metric names, slices) between records, reads instants from the bytes and finds the
 * {@link ExperimentSnapshot} by the bytes of the experiment and its metrics (a poll of thousands of
 * records carries a handful). It reads any JSON text (escapes, whitespace, field order, unknown
 * fields); {@code RecordDecoderTest} compares it with Jackson's reading. Not thread-safe: one per
 * lane.
 */
final class RecordDecoder {
    private static final int MAX_SNAPSHOTS = 1_000;
    /** Shared short values: a direct-mapped table, a value replacing another on a collision. */
    private static final int SHARED_SLOTS = 1 << 10;
    private static final int SHARED_MAX_BYTES = 64;
    /** Jackson's default limits, which records were read with before: deeper or longer is refused as unreadable. */
    private static final int MAX_DEPTH = 1_000;
    private static final int MAX_NUMBER_LENGTH = 1_000;

    private final Map<SnapshotKey, ExperimentSnapshot> snapshots = new HashMap<>();
    private final SnapshotKey probe = new SnapshotKey();
    private final byte[][] sharedBytes = new byte[SHARED_SLOTS][];
    private final String[] sharedText = new String[SHARED_SLOTS];
    private byte[] b;
    private int pos;
    /** Where the last string read by {@link #stringSpan} starts and ends (quotes excluded), and if it had escapes. */
    private int spanStart;
    private int spanEnd;
    private boolean spanEscaped;

    /** @throws IllegalArgumentException for a record no recolab node wrote */
    EventRecord decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value (a tombstone)");
        }
        b = value;
        // A UTF-8 byte order mark, which Jackson skips too.
        pos = value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF ? 3 : 0;
        try {
            skipSpace();
            if (pos >= b.length || b[pos] != '{') {
                throw new Malformed("not a JSON object");
            }
            pos++;
            return read();
        } catch (Malformed ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a recolab event record: " + ex.getMessage(), ex);
        } finally {
            b = null;
        }
    }

    /** Bytes that are not JSON (as opposed to JSON that is not a record). */
    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
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
        skipSpace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw new Malformed("a field name expected at byte " + pos);
                }
                pos++;
                String field = fieldName();
                skipSpace();
                expectByte(':');
                skipSpace();
                switch (field) {
                    case "id" -> id = text(field, false);
                    case "type" -> type = text(field, true);
                    case "experiment" -> experiment = text(field, true);
                    case "unit" -> unit = text(field, false);
                    case "occurredAt" -> occurredAt = instantValue(field);
                    case "receivedAt" -> receivedAt = instantValue(field);
                    case "value" -> value = doubleValue();
                    case "treatment" -> treatment = text(field, true);
                    case "inExperiment" -> inExperiment = booleanValue();
                    case "metric" -> metric = text(field, true);
                    case "exclusion" -> exclusion = text(field, true);
                    case "reason" -> reason = text(field, true);
                    case "ifShown" -> ifShown = text(field, false);
                    case "items" -> items = items();
                    case "slices" -> slices = slices();
                    case "metrics" -> {
                        if (peek() != '{') {
                            skipValue();
                            throw new IllegalArgumentException("metrics must be an object");
                        }
                        metricsStart = pos;
                        skipValue();
                        metricsEnd = pos;
                    }
                    default -> skipValue();
                }
                skipSpace();
                byte next = peek();
                pos++;
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw new Malformed("',' or '}' expected at byte " + (pos - 1));
                }
            }
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
        probe.set(experiment, b, start, end);
        ExperimentSnapshot known = snapshots.get(probe);
        if (known != null) {
            return known;
        }
        int resume = pos;
        pos = start;
        Map<String, MetricSpec> byName = metrics();
        pos = resume;
        ExperimentSnapshot made = new ExperimentSnapshot(experiment, byName);
        if (snapshots.size() >= MAX_SNAPSHOTS) {
            snapshots.clear(); // definitions changed many times: start again rather than grow
        }
        snapshots.put(probe.copy(), made);
        return made;
    }

    private Map<String, MetricSpec> metrics() {
        Map<String, MetricSpec> out = new HashMap<>();
        expectByte('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            expectByte('"');
            String name = string(false);
            skipSpace();
            expectByte(':');
            skipSpace();
            if (peek() != '{') {
                throw new IllegalArgumentException("metric " + name + " must be an object");
            }
            pos++;
            String type = null;
            int window = -1;
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    expectByte('"');
                    String field = fieldName();
                    skipSpace();
                    expectByte(':');
                    skipSpace();
                    if ("type".equals(field)) {
                        type = text("type", true);
                    } else if ("windowDays".equals(field)) {
                        window = intValue();
                    } else {
                        skipValue();
                    }
                    if (!more('}')) {
                        break;
                    }
                }
            }
            if (type == null || window < 0) {
                throw new IllegalArgumentException("metric " + name + " needs its type and windowDays");
            }
            out.put(name, new MetricSpec(name, MetricSpec.Type.valueOf(type.toUpperCase(Locale.ROOT)), window));
            if (!more('}')) {
                return out;
            }
        }
    }

    /** After a member: true at ',' (another follows), false at the closing byte. */
    private boolean more(char close) {
        skipSpace();
        byte next = peek();
        pos++;
        if (next == ',') {
            return true;
        }
        if (next != close) {
            throw new Malformed("',' or '" + close + "' expected at byte " + (pos - 1));
        }
        return false;
    }

    private List<String> items() {
        if (peek() != '[') {
            throw new IllegalArgumentException("items must be an array");
        }
        pos++;
        List<String> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        do {
            skipSpace();
            out.add(text("items", false));
        } while (more(']'));
        return out;
    }

    private Map<String, String> slices() {
        if (literal("null")) {
            return null;
        }
        if (peek() != '{') {
            throw new IllegalArgumentException("slices must be an object");
        }
        pos++;
        Map<String, String> out = new HashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        do {
            skipSpace();
            expectByte('"');
            String name = string(true);
            skipSpace();
            expectByte(':');
            skipSpace();
            out.put(name, text(name, true));
        } while (more('}'));
        return out;
    }

    /**
     * A scalar as text, as Jackson's {@code getText} gives it: a string's content, a number or a
     * boolean as written, null for null.
     * @param shared whether the value is one of few distinct ones (shared between records)
     */
    private String text(String field, boolean shared) {
        byte c = peek();
        if (c == '"') {
            pos++;
            return string(shared);
        }
        if (c == '{' || c == '[') {
            skipValue();
            throw new IllegalArgumentException("field " + field + " must be a scalar");
        }
        if (literal("null")) {
            return null;
        }
        if (literal("true")) {
            return "true";
        }
        if (literal("false")) {
            return "false";
        }
        int start = pos;
        number();
        return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /** A field name: the usual names without escapes come back as the constants the switch compares. */
    private String fieldName() {
        stringSpan();
        int n = spanEnd - spanStart;
        if (!spanEscaped && n < FIELDS_BY_LENGTH.length) {
            byte[][] candidates = FIELDS_BY_LENGTH[n];
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i][0] == b[spanStart] && Arrays.equals(candidates[i], 0, n, b, spanStart, spanEnd)) {
                    return NAMES_BY_LENGTH[n][i];
                }
            }
        }
        return spanText(false);
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

    /** The string whose opening quote was just read. */
    private String string(boolean shared) {
        stringSpan();
        return spanText(shared);
    }

    /** Reads to the closing quote, noting the span; the cursor ends after the quote. */
    private void stringSpan() {
        spanStart = pos;
        spanEscaped = false;
        boolean nonAscii = false;
        byte[] bytes = b;
        int i = pos;
        while (true) {
            if (i >= bytes.length) {
                throw new Malformed("unterminated string from byte " + (spanStart - 1));
            }
            byte c = bytes[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                spanEscaped = true;
                i += 2;
                continue;
            }
            if (c < 0) {
                nonAscii = true;
            } else if (c < 0x20) {
                throw new Malformed("a control character in a string at byte " + i);
            }
            i++;
        }
        spanEnd = i;
        pos = i + 1;
        if (nonAscii) {
            // new String(..., UTF_8) would turn bad bytes into U+FFFD, and two different ids into one.
            checkUtf8(spanStart, spanEnd);
        }
    }

    /** Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as Jackson required. */
    private void checkUtf8(int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                throw new Malformed("invalid UTF-8 at byte " + i);
            }
            if (i + n >= to) {
                throw new Malformed("invalid UTF-8 at byte " + i + ": the string ends inside a character");
            }
            int code = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int next = b[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw new Malformed("invalid UTF-8 at byte " + (i + k));
                }
                code = code << 6 | next & 0x3F;
            }
            if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
                throw new Malformed("invalid UTF-8 at byte " + i);
            }
            i += n + 1;
        }
    }

    private String spanText(boolean shared) {
        if (spanEscaped) {
            return unescape(spanStart, spanEnd);
        }
        int n = spanEnd - spanStart;
        if (!shared || n > SHARED_MAX_BYTES) {
            return new String(b, spanStart, n, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = spanStart; i < spanEnd; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
        byte[] k = sharedBytes[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, spanStart, spanEnd)) {
            return sharedText[slot];
        }
        String s = new String(b, spanStart, n, StandardCharsets.UTF_8);
        sharedBytes[slot] = Arrays.copyOfRange(b, spanStart, spanEnd);
        sharedText[slot] = s;
        return s;
    }

    private String unescape(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int run = from;
        int i = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= to) {
                throw new Malformed("an unfinished escape at byte " + i);
            }
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > to) {
                        throw new Malformed("an unfinished \\u escape at byte " + (i - 2));
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) {
                            throw new Malformed("a \\u escape needs 4 hex digits at byte " + (i - 2));
                        }
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> throw new Malformed("an unknown escape at byte " + (i - 2));
            }
            run = i;
        }
        out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        return out.toString();
    }

    private Instant instantValue(String field) {
        byte c = peek();
        if (c == '"') {
            pos++;
            stringSpan();
            if (!spanEscaped) {
                Instant fast = instant(b, spanStart, spanEnd);
                if (fast != null) {
                    return fast;
                }
            }
            return Instant.parse(spanText(false));
        }
        String text = text(field, false);
        return text == null ? null : Instant.parse(text);
    }

    /** As Jackson's {@code getValueAsDouble}: a number, a string holding one, true 1, false, null and bad strings 0. */
    private double doubleValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            try {
                return Double.parseDouble(string(false).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (c == '{' || c == '[') {
            skipValue();
            throw new IllegalArgumentException("field value must be a scalar");
        }
        if (literal("true")) {
            return 1;
        }
        if (literal("false") || literal("null")) {
            return 0;
        }
        int start = pos;
        boolean integral = number();
        int n = pos - start;
        if (integral && n <= 18) {
            long v = 0;
            boolean negative = b[start] == '-';
            for (int i = negative ? start + 1 : start; i < pos; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return negative ? -v : v; // "-0" is the integer 0, as Jackson reads it (not -0.0)
        }
        return Double.parseDouble(new String(b, start, n, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsInt(-1)}: a number (truncated), a string holding one, true 1, else -1. */
    private int intValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            String text = string(false).trim();
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                try {
                    return (int) Double.parseDouble(text); // "7.0", as Jackson's getValueAsInt reads it
                } catch (NumberFormatException notANumber) {
                    return -1;
                }
            }
        }
        if (c == '{' || c == '[') {
            skipValue();
            return -1;
        }
        if (literal("true")) {
            return 1;
        }
        if (literal("false")) {
            return 0;
        }
        if (literal("null")) {
            return -1;
        }
        int start = pos;
        number();
        return (int) Double.parseDouble(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsBoolean}: true, a non-zero integer or the string "true". */
    private boolean booleanValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            return "true".equals(string(false).trim());
        }
        if (c == '{' || c == '[') {
            skipValue();
            return false;
        }
        if (literal("true")) {
            return true;
        }
        if (literal("false") || literal("null")) {
            return false;
        }
        int start = pos;
        boolean integral = number();
        return integral && !new String(b, start, pos - start, StandardCharsets.ISO_8859_1).matches("-?0+");
    }

    /** A JSON number at the cursor; @return whether it has neither a fraction nor an exponent */
    private boolean number() {
        int start = pos;
        if (pos < b.length && b[pos] == '-') {
            pos++;
        }
        int digits = digitsAt();
        if (digits == 0) {
            throw new Malformed("a value expected at byte " + start);
        }
        if (digits > 1 && b[pos - digits] == '0') {
            throw new Malformed("a number with a leading zero at byte " + start);
        }
        if (digits > MAX_NUMBER_LENGTH) {
            throw new Malformed("a number longer than " + MAX_NUMBER_LENGTH + " digits at byte " + start);
        }
        boolean integral = true;
        if (pos < b.length && b[pos] == '.') {
            pos++;
            integral = false;
            if (digitsAt() == 0) {
                throw new Malformed("digits expected after the point at byte " + pos);
            }
        }
        if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            integral = false;
            if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digitsAt() == 0) {
                throw new Malformed("digits expected in the exponent at byte " + pos);
            }
        }
        return integral;
    }

    private int digitsAt() {
        int start = pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** Skips any JSON value (an unknown field's), checking it is well formed. */
    private void skipValue() {
        skipValue(1);
    }

    /** @param depth nesting of the value (the record's own fields are at 1): bounded, as the stack is */
    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH + " at byte " + pos);
        }
        byte c = peek();
        switch (c) {
            case '"' -> {
                pos++;
                stringSpan();
                if (spanEscaped) {
                    unescape(spanStart, spanEnd); // checks the escapes
                }
            }
            case '{' -> {
                pos++;
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                do {
                    skipSpace();
                    expectByte('"');
                    stringSpan();
                    skipSpace();
                    expectByte(':');
                    skipSpace();
                    skipValue(depth + 1);
                } while (more('}'));
            }
            case '[' -> {
                pos++;
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return;
                }
                do {
                    skipSpace();
                    skipValue(depth + 1);
                } while (more(']'));
            }
            default -> {
                if (!literal("true") && !literal("false") && !literal("null")) {
                    number();
                }
            }
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > b.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        if (pos + n < b.length && Character.isLetterOrDigit(b[pos + n])) {
            throw new Malformed("an unknown literal at byte " + pos);
        }
        pos += n;
        return true;
    }

    private byte peek() {
        if (pos >= b.length) {
            throw new Malformed("unexpected end of input");
        }
        return b[pos];
    }

    private void expectByte(char c) {
        if (peek() != c) {
            throw new Malformed("'" + c + "' expected at byte " + pos);
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < b.length) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
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

    /**
     * {@link Instant#parse} without its formatter for the form {@link Instant#toString} writes
     * ({@code 2026-01-02T10:00:00Z}, with 3, 6 or 9 fraction digits when not zero): the serving node
     * writes every instant that way. Anything else goes through {@code Instant.parse}.
     */
    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        byte[] ascii = s.getBytes(StandardCharsets.ISO_8859_1); // a character beyond Latin-1 fails the fast path
        Instant fast = instant(ascii, 0, ascii.length);
        return fast != null ? fast : Instant.parse(s);
    }

    /** The fast path of {@link #instant(String)} over bytes; null when {@code Instant.parse} must decide. */
    private static Instant instant(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':' || s[to - 1] != 'Z') {
            return null;
        }
        int year = digits(s, from, from + 4);
        int month = digits(s, from + 5, from + 7);
        int day = digits(s, from + 8, from + 10);
        int hour = digits(s, from + 11, from + 13);
        int minute = digits(s, from + 14, from + 16);
        int second = digits(s, from + 17, from + 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour >= 24 || minute < 0 || minute >= 60 || second < 0
                || second >= 60) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s[from + 19] != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int f = digits(s, from + 20, to - 1);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // not a date (Feb 30): let Instant.parse say so
        }
    }

    /** The decimal number in s[from, to), or -1 if a byte is not a digit. */
    private static int digits(byte[] s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
