package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The processor's dedup horizon: what is past it, and how the option is written. */
class DedupHorizonTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void aRecordAcknowledgedLongerThanTheHorizonAgoIsPastIt() {
        Duration week = Processor.Config.DEFAULT_DEDUP_HORIZON;
        assertThat(week).isEqualTo(Duration.ofDays(7));
        long justInside = NOW.minus(week).toEpochMilli();
        assertThat(DedupHorizon.isPast(justInside, NOW, week)).as("exactly the horizon ago: still a retry").isFalse();
        assertThat(DedupHorizon.isPast(justInside - 1, NOW, week)).isTrue();
        assertThat(DedupHorizon.isPast(NOW.toEpochMilli(), NOW, week)).isFalse();
        assertThat(DedupHorizon.isPast(NOW.plusSeconds(5).toEpochMilli(), NOW, week)).as("a clock ahead").isFalse();
        assertThat(DedupHorizon.isPast(-1, NOW, week)).as("no timestamp").isFalse();
        assertThat(DedupHorizon.isPast(NOW.minus(Duration.ofHours(2)).toEpochMilli(), NOW, Duration.ofHours(1))).isTrue();
    }

    @Test
    void theOptionIsAWholeNumberOfDaysHoursOrMinutes() {
        assertThat(DedupHorizon.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DedupHorizon.parse("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(DedupHorizon.parse(" 90m ")).isEqualTo(Duration.ofMinutes(90));
        for (String bad : new String[] {"", "7", "d", "1.5d", "-1d", "7w", "7 d"}) {
            assertThatThrownBy(() -> DedupHorizon.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--dedup-horizon");
        }
        KafkaTarget target = KafkaTarget.parse("kafka:k1:9092", null);
        assertThatThrownBy(() -> new Processor.Config(target, "g", Duration.ofSeconds(10), 100, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 minute");
    }
}
