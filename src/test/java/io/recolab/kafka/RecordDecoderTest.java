package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte decoder reads what Jackson reads: seeded random records, as the serving node writes them
 * and rewritten (pretty-printed, non-ASCII escaped, fields shuffled, unknown fields added), decode to
 * the same records as through {@link JacksonRecordDecoder}; cut or damaged bytes are refused with
 * an {@link IllegalArgumentException} (skipped as unreadable), never another exception.
 */
class RecordDecoderTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String[] ALPHABET = {"a", "Z", "0", "-", "_", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "ü",
        "€", "中", "😀", ",", ":", "{", "}", "[", "]"};

    @Test
    void randomRecordsDecodeAsJacksonReadsThemInEveryForm() throws Exception {
        Random random = new Random(20261207);
        RecordDecoder bytes = new RecordDecoder();
        JacksonRecordDecoder jackson = new JacksonRecordDecoder();
        for (int i = 0; i < 3_000; i++) {
            EventRecord record = randomRecord(random);
            byte[] written = record.encode();
            EventRecord read = bytes.decode(written);
            assertThat(read).as("record %d as written", i).isEqualTo(record).isEqualTo(jackson.decode(written));
            for (byte[] form : forms(written, random)) {
                assertThat(bytes.decode(form)).as("record %d as %s", i, new String(form, StandardCharsets.UTF_8))
                        .isEqualTo(jackson.decode(form));
            }
        }
    }

    @Test
    void cutRecordsAreRefusedAsUnreadable() {
        Random random = new Random(7);
        RecordDecoder bytes = new RecordDecoder();
        for (int i = 0; i < 50; i++) {
            byte[] written = randomRecord(random).encode();
            for (int cut = 0; cut < written.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(written, cut);
                assertThatThrownBy(() -> bytes.decode(prefix)).as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void damagedRecordsAreRefusedOrReadAsJacksonReadsThem() {
        Random random = new Random(11);
        RecordDecoder bytes = new RecordDecoder();
        JacksonRecordDecoder jackson = new JacksonRecordDecoder();
        byte[] noise = "\"\\{}[],:0-.eE tnfu\u0000x".getBytes(StandardCharsets.ISO_8859_1);
        int bothRead = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] damaged = randomRecord(random).encode();
            for (int k = 0; k < 1 + random.nextInt(2); k++) {
                damaged[random.nextInt(damaged.length)] = noise[random.nextInt(noise.length)];
            }
            EventRecord ours = null;
            try {
                ours = bytes.decode(damaged);
            } catch (IllegalArgumentException refused) {
                // refused: skipped as unreadable
            }
            EventRecord theirs = null;
            try {
                theirs = jackson.decode(damaged);
            } catch (IllegalArgumentException refused) {
                // refused
            }
            if (ours != null && theirs != null) {
                bothRead++;
                assertThat(ours).as(new String(damaged, StandardCharsets.UTF_8)).isEqualTo(theirs);
            }
        }
        assertThat(bothRead).as("damage that leaves a record (a changed letter) is read alike").isPositive();
    }

    @Test
    void recordsOfOneExperimentShareTheirShortValues() {
        RecordDecoder bytes = new RecordDecoder();
        Random random = new Random(3);
        EventRecord a = randomRecord(random);
        EventRecord b = new EventRecord(new Event(a.event().id() + "-2", a.event().type(), a.event().experiment(), a.event().unit(),
                a.event().occurredAt(), a.event().receivedAt(), a.event().metric(), a.event().value(), a.event().treatment(),
                a.event().inExperiment(), a.event().shownItems(), a.event().exclusion(), a.event().slices()), null);
        Event ra = bytes.decode(a.encode()).event();
        Event rb = bytes.decode(b.encode()).event();
        assertThat(rb.experiment()).isSameAs(ra.experiment());
        if (ra.treatment() != null && ra.treatment().getBytes(StandardCharsets.UTF_8).length <= 64 && !ra.treatment().isEmpty()) {
            assertThat(rb.treatment()).isSameAs(ra.treatment());
        }
    }

    private static final String HEAD = "{\"id\":\"e1\",\"type\":\"conversion\",\"experiment\":\"exp\",\"unit\":\"u1\","
            + "\"occurredAt\":\"2026-01-02T10:00:00Z\",\"receivedAt\":\"2026-01-02T10:00:01Z\",\"treatment\":\"C\","
            + "\"inExperiment\":true,\"metric\":\"m\",\"metrics\":{\"m\":{\"type\":\"mean\",\"windowDays\":7}}";

    private static byte[] with(String fields) {
        return (HEAD + "," + fields + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The unit's string with raw bytes inside it (for invalid UTF-8). */
    private static byte[] unitWith(int... raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes((HEAD + ",\"value\":1,\"unit\":\"a").getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Cases a review found where the byte decoder and Jackson differed: now refused alike or read alike. */
    @Test
    void edgeCasesAreReadOrRefusedAsJacksonDoes() {
        java.io.ByteArrayOutputStream bom = new java.io.ByteArrayOutputStream();
        bom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bom.writeBytes(with("\"value\":1"));
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("value -0 (the integer 0)", with("\"value\":-0"));
        cases.put("value -0.0", with("\"value\":-0.0"));
        cases.put("a UTF-8 byte order mark", bom.toByteArray());
        cases.put("windowDays \"7.0\"", with("\"value\":1,\"metrics\":{\"m\":{\"type\":\"mean\",\"windowDays\":\"7.0\"}}"));
        cases.put("a number of 1,001 digits", with("\"value\":1" + "0".repeat(1000)));
        cases.put("an unknown field's number of 1,001 digits", with("\"x\":1" + "0".repeat(1000) + ",\"value\":1"));
        cases.put("0xFF in a string", unitWith(0xFF));
        cases.put("a lone lead byte", unitWith(0xC3));
        cases.put("a valid two-byte character", unitWith(0xC3, 0xA9));
        cases.put("a valid four-byte character", unitWith(0xF0, 0x9F, 0x98, 0x80));
        cases.put("nesting 900 deep", with("\"value\":1,\"x\":" + "[".repeat(900) + "]".repeat(900)));
        cases.put("999 empty arrays inside the record", with("\"value\":1,\"x\":" + "[".repeat(999) + "]".repeat(999)));
        cases.put("1,000 empty arrays inside the record", with("\"value\":1,\"x\":" + "[".repeat(1000) + "]".repeat(1000)));
        cases.put("998 arrays around a number", with("\"value\":1,\"x\":" + "[".repeat(998) + "1" + "]".repeat(998)));
        cases.put("999 arrays around a number", with("\"value\":1,\"x\":" + "[".repeat(999) + "1" + "]".repeat(999)));
        cases.put("a fraction of 1,200 digits", with("\"value\":0." + "1".repeat(1200)));
        cases.put("a bad escape in a skipped object's name", with("\"value\":1,\"x\":{\"\\q\":1}"));
        cases.put("nesting 1,500 deep", with("\"value\":1,\"x\":" + "[".repeat(1500) + "]".repeat(1500)));
        cases.put("objects nested 100,000 deep", with("\"value\":1,\"x\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
        cases.put("escaped NUL and surrogate pair", with("\"value\":1,\"unit\":\"a\\u0000\\uD83D\\uDE00\""));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            EventRecord theirs;
            try {
                theirs = new JacksonRecordDecoder().decode(c.getValue());
            } catch (IllegalArgumentException refused) {
                theirs = null;
            }
            if (theirs == null) {
                assertThatThrownBy(() -> new RecordDecoder().decode(c.getValue())).as(c.getKey())
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                EventRecord ours;
                try {
                    ours = new RecordDecoder().decode(c.getValue());
                } catch (IllegalArgumentException refused) {
                    throw new AssertionError(c.getKey() + ": refused, Jackson read it: " + refused.getMessage(), refused);
                }
                assertThat(ours).as(c.getKey()).isEqualTo(theirs);
            }
        }
        // Bytes Java's UTF-8 decoder would turn into U+FFFD, where two different ids could become one: refused (Jackson
        // decodes these two itself; no recolab node writes either).
        assertThatThrownBy(() -> new RecordDecoder().decode(unitWith(0xED, 0xA0, 0x80))).as("an encoded surrogate")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> new RecordDecoder().decode(unitWith(0xC0, 0x80))).as("an overlong NUL")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }

    /** A record nested deeper than the stack allows is skipped as unreadable by the lane, counted once committed. */
    @Test
    void aDeeplyNestedRecordIsSkippedByTheLaneNotThrownOutOfIt() {
        PollDecoder lane = new PollDecoder(java.time.Duration.ofDays(7));
        byte[] poison = with("\"value\":1,\"x\":" + "[".repeat(200_000) + "]".repeat(200_000));
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = List.of(
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("events", 0, 41L, null, with("\"value\":1")),
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("events", 0, 42L, null, poison),
                new org.apache.kafka.clients.consumer.ConsumerRecord<>("events", 0, 43L, null, null));
        WriterLane.Part part = lane.decode(List.of(new Polled(0, records, Instant.now())));
        assertThat(part.records()).hasSize(1);
        assertThat(part.unreadable()).as("the nested record and a null value").isEqualTo(2);
        assertThat(part.next()).containsEntry(0, 44L);
    }

    private static List<byte[]> forms(byte[] written, Random random) throws Exception {
        JsonNode tree = PLAIN.readTree(written);
        List<byte[]> out = new ArrayList<>();
        out.add(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        out.add(ESCAPING.writeValueAsBytes(tree));
        ObjectNode shuffled = PLAIN.createObjectNode();
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        Collections.shuffle(names, random);
        for (String name : names) {
            if (random.nextInt(4) == 0) {
                ObjectNode unknown = shuffled.putObject("x" + random.nextInt(1000));
                unknown.putArray("a").add(1.5e-3).add(true).addNull().addObject().put("s", "\"}{\\");
                unknown.put("n", -0.0).put("big", 12345678901234567890.0);
            }
            shuffled.set(name, tree.get(name));
        }
        out.add(PLAIN.writeValueAsBytes(shuffled));
        // Spaces everywhere JSON allows them, with the escaping writer's \\u escapes.
        out.add(ESCAPING.writer(new com.fasterxml.jackson.core.util.MinimalPrettyPrinter(" ")).writeValueAsBytes(shuffled));
        return out;
    }

    private static EventRecord randomRecord(Random r) {
        Map<String, MetricSpec> metrics = new HashMap<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = r.nextBoolean() ? "m" + i : "m" + i + "_x-" + r.nextInt(100); // names are [a-z0-9_-]
            MetricSpec.Type type = MetricSpec.Type.values()[r.nextInt(MetricSpec.Type.values().length)];
            if (type == MetricSpec.Type.RATIO) {
                type = MetricSpec.Type.MEAN; // a ratio metric takes no conversions: records carry none
            }
            metrics.put(name, new MetricSpec(name, type, 1 + r.nextInt(60)));
        }
        ExperimentSnapshot snapshot = new ExperimentSnapshot(r.nextBoolean() ? "exp" : text(r, 1 + r.nextInt(8)), metrics);
        boolean exposure = r.nextBoolean() || metrics.isEmpty();
        Instant occurred = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
        Instant received = occurred.plusMillis(r.nextInt(100_000));
        List<String> items = new ArrayList<>();
        if (exposure) {
            for (int i = r.nextInt(4); i > 0; i--) {
                items.add(text(r, r.nextInt(5)));
            }
        }
        Map<String, String> slices = new HashMap<>();
        if (exposure) {
            for (int i = r.nextInt(3); i > 0; i--) {
                slices.put(text(r, 1 + r.nextInt(5)), text(r, r.nextInt(5)));
            }
        }
        Exclusion exclusion = exposure && r.nextInt(4) == 0 ? Exclusion.values()[r.nextInt(Exclusion.values().length)] : null;
        boolean in = exposure ? exclusion == null : r.nextInt(5) > 0; // an exposure outside the analysis says why
        String metric = exposure ? null : new ArrayList<>(metrics.keySet()).get(r.nextInt(metrics.size()));
        double value = switch (r.nextInt(4)) {
            case 0 -> 1;
            case 1 -> r.nextInt(1000);
            case 2 -> -r.nextDouble() * 1e6;
            default -> r.nextDouble() * Math.pow(10, r.nextInt(30) - 15);
        };
        Event e = new Event(text(r, 1 + r.nextInt(40)), exposure ? EventType.EXPOSURE : EventType.CONVERSION, snapshot,
                text(r, 1 + r.nextInt(20)), occurred, received, metric, exposure ? 1 : value,
                r.nextBoolean() ? "C" : "T" + r.nextInt(3) + text(r, r.nextInt(3)), in, items, exclusion, slices);
        return new EventRecord(e, !exposure && r.nextBoolean() ? text(r, 1 + r.nextInt(10)) : null);
    }

    private static String text(Random r, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(r.nextInt(3) > 0 ? ALPHABET[r.nextInt(3)] : ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return s.toString();
    }
}
