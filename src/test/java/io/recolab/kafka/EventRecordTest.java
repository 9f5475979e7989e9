package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.domain.DomainError;
import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRecordTest {
    private static final ExperimentSnapshot SNAPSHOT = new ExperimentSnapshot("ks", Map.of(
            "purchase", new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14),
            "revenue", new MetricSpec("revenue", MetricSpec.Type.MEAN, 7)));

    @Test
    void aRecordCarriesTheEventAsTheServingNodeSawIt() {
        Event exposure = new Event("x-1", EventType.EXPOSURE, SNAPSHOT, "u\"1", Instant.parse("2026-01-02T10:00:00.123456Z"),
                Instant.parse("2026-01-02T10:00:01Z"), null, 1, "T1", true, List.of("i1", "i,2"));
        EventRecord back = EventRecord.decode(new EventRecord(exposure, null).encode());
        assertThat(back.event()).isEqualTo(exposure);
        assertThat(back.ifShown()).isNull();

        Event conversion = new Event("c-1", EventType.CONVERSION, SNAPSHOT, "u2", Instant.parse("2026-01-02T11:00:00Z"),
                Instant.parse("2026-01-02T11:00:00Z"), "revenue", 12.5, "C", false, List.of());
        EventRecord candidate = EventRecord.decode(new EventRecord(conversion, "i9").encode());
        assertThat(candidate.event()).isEqualTo(conversion);
        assertThat(candidate.ifShown()).isEqualTo("i9");
    }

    @Test
    void anExcludedExposureKeepsItsReason() {
        for (Exclusion reason : Exclusion.values()) {
            Event excluded = new Event("x-" + reason, EventType.EXPOSURE, SNAPSHOT, "u1", Instant.parse("2026-01-02T10:00:00Z"),
                    Instant.parse("2026-01-02T10:00:01Z"), null, 1, "C", false, List.of(), reason);
            assertThat(EventRecord.decode(new EventRecord(excluded, null).encode()).event()).isEqualTo(excluded);
        }
        // A record written before the reason was carried: an exposure outside the analysis, as then.
        String old = "{\"id\":\"x\",\"type\":\"exposure\",\"experiment\":\"ks\",\"unit\":\"u\",\"occurredAt\":"
                + "\"2026-01-02T10:00:00Z\",\"receivedAt\":\"2026-01-02T10:00:00Z\",\"value\":1.0,\"treatment\":\"C\","
                + "\"inExperiment\":false,\"metrics\":{}}";
        assertThat(EventRecord.decode(old.getBytes(StandardCharsets.UTF_8)).event().exclusion()).isEqualTo(Exclusion.OUTSIDE_EXPOSURE);
    }

    @Test
    void instantsReadWithoutTheFormatterEqualInstantParse() {
        for (String text : List.of("2026-01-02T10:00:00Z", "2026-01-02T10:00:00.100Z", "2026-01-02T10:00:00.123456Z",
                "2026-01-02T10:00:00.123456789Z", "2024-02-29T23:59:59.9Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
                "+12026-01-02T10:00:00Z", "2026-01-02T10:00:00+02:00", "2026-01-02T24:00:00Z")) {
            assertThat(InstantText.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (Instant at : List.of(Instant.ofEpochSecond(1_780_000_000L, 1), Instant.ofEpochSecond(1_780_000_000L, 120_000),
                Instant.ofEpochMilli(1_780_000_000_123L))) {
            assertThat(InstantText.instant(at.toString())).isEqualTo(at);
        }
        // Whatever Instant.parse accepts or refuses, the fast path does the same.
        for (String odd : List.of("2026-02-30T10:00:00Z", "2026-01-02T10:00:00.Z", "2026-0a-02T10:00:00Z", "2026-01-02T10:60:00Z",
                "2026-01-02T10:00:00.1234567890Z", "2026-01-02 10:00:00Z")) {
            Object expected;
            try {
                expected = Instant.parse(odd);
            } catch (java.time.format.DateTimeParseException e) {
                expected = "refused";
            }
            Object got;
            try {
                got = InstantText.instant(odd);
            } catch (java.time.format.DateTimeParseException e) {
                got = "refused";
            }
            assertThat(got).as(odd).isEqualTo(expected);
        }
    }

    @Test
    void recordsOfOneDefinitionShareOneSnapshotAndAChangedDefinitionGetsItsOwn() {
        RecordDecoder decoder = new RecordDecoder();
        Instant at = Instant.parse("2026-01-02T10:00:00Z");
        Event a = new Event("x-1", EventType.EXPOSURE, SNAPSHOT, "u1", at, at, null, 1, "C", true, List.of());
        Event b = new Event("x-2", EventType.EXPOSURE, SNAPSHOT, "u2", at, at, null, 1, "C", true, List.of());
        ExperimentSnapshot grown = new ExperimentSnapshot("ks", Map.of(
                "purchase", new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14),
                "revenue", new MetricSpec("revenue", MetricSpec.Type.MEAN, 30)));
        Event c = new Event("x-3", EventType.EXPOSURE, grown, "u3", at, at, null, 1, "C", true, List.of());
        Event fa = decoder.decode(new EventRecord(a, null).encode()).event();
        Event fb = decoder.decode(new EventRecord(b, null).encode()).event();
        Event fc = decoder.decode(new EventRecord(c, null).encode()).event();
        assertThat(fa).isEqualTo(a);
        assertThat(fb.experiment()).isSameAs(fa.experiment());
        assertThat(fc).isEqualTo(c);
        assertThat(fc.experiment().metrics().get("revenue").windowDays()).isEqualTo(30);
    }

    @Test
    void fieldsInAnyOrderAndUnknownFieldsAreRead() {
        String reordered = "{\"metrics\":{\"purchase\":{\"windowDays\":14,\"type\":\"binomial\",\"later\":[1]}},"
                + "\"future\":{\"a\":[1,{\"b\":2}]},\"unit\":\"u\",\"treatment\":\"T1\",\"inExperiment\":true,"
                + "\"value\":2.5,\"metric\":\"purchase\",\"receivedAt\":\"2026-01-02T10:00:01Z\",\"type\":\"conversion\","
                + "\"experiment\":\"ks\",\"id\":\"c\",\"occurredAt\":\"2026-01-02T10:00:00.5Z\",\"ifShown\":\"i1\"}";
        EventRecord r = EventRecord.decode(reordered.getBytes(StandardCharsets.UTF_8));
        assertThat(r.ifShown()).isEqualTo("i1");
        assertThat(r.event().value()).isEqualTo(2.5);
        assertThat(r.event().occurredAt()).isEqualTo(Instant.parse("2026-01-02T10:00:00.5Z"));
        assertThat(r.event().experiment().metrics().get("purchase").type()).isEqualTo(MetricSpec.Type.BINOMIAL);
        assertThatThrownBy(() -> EventRecord.decode("{\"id\":\"x\",\"metrics\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics must be an object");
    }

    @Test
    void slicesSurviveTheRoundTrip() {
        Instant at = Instant.parse("2026-01-02T10:00:00Z");
        Event sliced = new Event("x-s", EventType.EXPOSURE, SNAPSHOT, "u1", at, at, null, 1, "C", true, List.of("i1"), null,
                Map.of("country", "FR", "device", "mobile"));
        assertThat(EventRecord.decode(new EventRecord(sliced, null).encode()).event()).isEqualTo(sliced);
    }

    @Test
    void theKeyIsExperimentAndUnit() {
        assertThat(new String(EventRecord.key("ks", "u1"), StandardCharsets.UTF_8)).isEqualTo("ks\nu1");
    }

    @Test
    void aForeignRecordIsRefusedWithAReason() {
        assertThatThrownBy(() -> EventRecord.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventRecord.decode("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a recolab event record");
    }

    @Test
    void targetsParseServersAndTopic() {
        KafkaTarget t = KafkaTarget.parse("kafka:k1:9092,k2:9093", null);
        assertThat(t.servers()).containsExactly("k1:9092", "k2:9093");
        assertThat(t.topic()).isEqualTo(KafkaTarget.DEFAULT_TOPIC);
        assertThat(t.bootstrap()).isEqualTo("k1:9092,k2:9093");
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:", null)).isInstanceOf(DomainError.class).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:k1", null)).isInstanceOf(DomainError.class).hasMessageContaining("'k1'");
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:k1:99999", null)).isInstanceOf(DomainError.class)
                .hasMessageContaining("port 99999; a port is 1..65535");
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:k1:0", null)).hasMessageContaining("port 0");
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:k1:9092", "bad topic")).isInstanceOf(DomainError.class)
                .hasMessageContaining("topic");
    }
}
