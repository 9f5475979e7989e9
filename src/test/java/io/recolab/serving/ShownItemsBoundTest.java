package io.recolab.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ShownItems stays within its budget of shows, however the shows are spread over units. */
class ShownItemsBoundTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void oneUnitAskedInALoopCannotGrowWithoutLimit() {
        ShownItems shown = new ShownItems(100, Duration.ofDays(30));
        for (int i = 0; i < 10_000; i++) {
            shown.add(new ShownItems.Show("e", "bot", Set.of("i" + i), T.plusSeconds(i)));
        }
        assertThat(shown.size()).isEqualTo(100);
        // The newest shows are the ones kept.
        assertThat(shown.showing("e", "bot", "i9999", T.plusSeconds(10_000), Duration.ofDays(1))).hasSize(1);
        assertThat(shown.showing("e", "bot", "i0", T.plusSeconds(10_000), Duration.ofDays(1))).isEmpty();
    }

    @Test
    void theLeastRecentlyTouchedUnitsGoFirst() {
        ShownItems shown = new ShownItems(3, Duration.ofDays(30));
        shown.add(new ShownItems.Show("e", "a", Set.of("x"), T));
        shown.add(new ShownItems.Show("e", "b", Set.of("x"), T));
        shown.add(new ShownItems.Show("e", "c", Set.of("x"), T));
        shown.showing("e", "a", "x", T, Duration.ofDays(1)); // touches a
        shown.add(new ShownItems.Show("e", "d", Set.of("x"), T));
        assertThat(shown.size()).isEqualTo(3);
        assertThat(shown.showing("e", "b", "x", T, Duration.ofDays(1))).as("b was the least recently touched").isEmpty();
        assertThat(shown.showing("e", "a", "x", T, Duration.ofDays(1))).hasSize(1);
        assertThat(shown.showing("e", "d", "x", T, Duration.ofDays(1))).hasSize(1);
    }

    @Test
    void showsOlderThanTheWindowAreDroppedAndUncounted() {
        ShownItems shown = new ShownItems(1_000, Duration.ofDays(1));
        shown.add(new ShownItems.Show("e", "u", Set.of("x"), T));
        shown.add(new ShownItems.Show("e", "u", Set.of("y"), T.plus(Duration.ofDays(2))));
        assertThat(shown.size()).isEqualTo(1);
    }
}
