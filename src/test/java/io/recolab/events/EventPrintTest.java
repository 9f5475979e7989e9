package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.MetricSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A print compares as the stored event it stands for: seeded pairs of events that differ in one field or none. */
class EventPrintTest {
    private static final ExperimentSnapshot SNAPSHOT = new ExperimentSnapshot("ks", Map.of(
            "purchase", new MetricSpec("purchase", MetricSpec.Type.MEAN, 14)));

    @Test
    void aPrintJudgesARepeatAsTheStoredEventDoes() {
        Random r = new Random(42);
        int same = 0;
        int differ = 0;
        for (int i = 0; i < 200_000; i++) {
            Event a = random(r);
            Event b = r.nextInt(3) == 0 ? a : variant(a, r);
            boolean expected = StoredEvent.of(a).sameAs(b);
            assertThat(EventPrint.of(a).sameAs(b)).as("%s against %s", a, b).isEqualTo(expected);
            assertThat(EventPrint.of(StoredEvent.of(a))).isEqualTo(EventPrint.of(a));
            if (expected) {
                same++;
            } else {
                differ++;
            }
        }
        assertThat(same).isGreaterThan(50_000);
        assertThat(differ).isGreaterThan(50_000);
    }

    private static Event random(Random r) {
        Instant occurred = Instant.ofEpochSecond(1_780_000_000L + r.nextInt(1000), r.nextInt(4) * 250_000_000L + r.nextInt(3));
        Instant received = r.nextBoolean() ? occurred : occurred.plusMillis(r.nextInt(5_000));
        return r.nextBoolean()
                ? new Event("x", EventType.EXPOSURE, SNAPSHOT, "u" + r.nextInt(3), occurred, received, null, 1, "C", true, List.of())
                : new Event("c", EventType.CONVERSION, SNAPSHOT, "u" + r.nextInt(3), occurred, received, "purchase",
                r.nextInt(3) - 1 + 0.5 * r.nextInt(2), "C", true, List.of());
    }

    /** The same event with one thing changed, or a retry with another arrival time. */
    private static Event variant(Event a, Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new Event(a.id(), a.type(), SNAPSHOT, a.unit() + "x", a.occurredAt(), a.receivedAt(), a.metric(), a.value(),
                    a.treatment(), true, List.of());
            case 1 -> new Event(a.id(), a.type(), SNAPSHOT, a.unit(), a.occurredAt().plusNanos(r.nextInt(2_000)),
                    a.receivedAt(), a.metric(), a.value(), a.treatment(), true, List.of());
            case 2 -> new Event(a.id(), a.type(), SNAPSHOT, a.unit(), a.occurredAt(), a.occurredAt().plusMillis(r.nextInt(3)),
                    a.metric(), a.value(), a.treatment(), true, List.of());
            case 3 -> a.type() == EventType.CONVERSION
                    ? new Event(a.id(), a.type(), SNAPSHOT, a.unit(), a.occurredAt(), a.receivedAt(), a.metric(),
                    r.nextBoolean() ? -a.value() : a.value() + 1, a.treatment(), true, List.of())
                    : a;
            case 4 -> {
                // Both stamped by the server at arrival: a retry, whatever its time.
                Instant later = a.occurredAt().plusSeconds(1 + r.nextInt(100));
                yield new Event(a.id(), a.type(), SNAPSHOT, a.unit(), later, later, a.metric(), a.value(), a.treatment(), true, List.of());
            }
            default -> new Event(a.id(), a.type() == EventType.EXPOSURE ? EventType.CONVERSION : EventType.EXPOSURE, SNAPSHOT,
                    a.unit(), a.occurredAt(), a.receivedAt(), a.type() == EventType.EXPOSURE ? "purchase" : null, 1, a.treatment(),
                    true, List.of());
        };
    }
}
