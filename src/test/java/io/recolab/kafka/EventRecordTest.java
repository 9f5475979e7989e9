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
        assertThatThrownBy(() -> KafkaTarget.parse("kafka:k1:9092", "bad topic")).isInstanceOf(DomainError.class)
                .hasMessageContaining("topic");
    }
}
