package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recolab.experiment.MetricSpec.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure rollup arithmetic: incremental deltas equal sums over units computed directly. */
class RollupTest {
    @Test
    void binomialUnitCountsOnceWhateverItsConversions() {
        Rollup.UnitValue v = Rollup.UnitValue.NONE;
        Rollup.Delta total = Rollup.Delta.ZERO;
        for (int i = 0; i < 3; i++) {
            Rollup.UnitValue next = v.plus(2.0);
            total = total.plus(Rollup.change(Type.BINOMIAL, v, next));
            v = next;
        }
        assertThat(total).isEqualTo(new Rollup.Delta(1, 1, 1));
        assertThat(v).isEqualTo(new Rollup.UnitValue(6, 3));
    }

    @Test
    void meanSumOfSquaresIsOfPerUnitTotalsNotOfConversions() {
        Rollup.UnitValue v = Rollup.UnitValue.NONE;
        Rollup.Delta total = Rollup.Delta.ZERO;
        for (double x : new double[] {3, 4, -2}) {
            Rollup.UnitValue next = v.plus(x);
            total = total.plus(Rollup.change(Type.MEAN, v, next));
            v = next;
        }
        // one unit with value 5: sum 5, sumSquares 25 (not 9 + 16 + 4)
        assertThat(total.converted()).isEqualTo(1);
        assertThat(total.sum()).isEqualByComparingTo("5");
        assertThat(total.sumSquares()).isEqualByComparingTo("25");
    }

    @Test
    void removingAUnitUndoesItsContribution() {
        Rollup.UnitValue v = new Rollup.UnitValue(7.5, 2);
        Rollup.Delta add = Rollup.change(Type.MEAN, Rollup.UnitValue.NONE, v);
        Rollup.Delta remove = Rollup.change(Type.MEAN, v, Rollup.UnitValue.NONE);
        assertThat(add.plus(remove).isZero()).isTrue();
        assertThat(remove).isEqualTo(add.negate());
    }

    @Test
    void randomStreamsAgreeWithDirectSums() {
        Random random = new Random(7);
        int units = 200;
        double[] values = new double[units];
        long[] counts = new long[units];
        Rollup.UnitValue[] state = new Rollup.UnitValue[units];
        java.util.Arrays.fill(state, Rollup.UnitValue.NONE);
        Rollup.Delta mean = Rollup.Delta.ZERO;
        Rollup.Delta binomial = Rollup.Delta.ZERO;
        for (int i = 0; i < 5_000; i++) {
            int u = random.nextInt(units);
            double x = Math.round(random.nextGaussian() * 1000) / 100.0;
            Rollup.UnitValue next = state[u].plus(x);
            mean = mean.plus(Rollup.change(Type.MEAN, state[u], next));
            binomial = binomial.plus(Rollup.change(Type.BINOMIAL, state[u], next));
            state[u] = next;
            values[u] += x;
            counts[u]++;
        }
        double sum = 0;
        double squares = 0;
        long converted = 0;
        for (int u = 0; u < units; u++) {
            sum += values[u];
            squares += values[u] * values[u];
            converted += counts[u] > 0 ? 1 : 0;
        }
        assertThat(mean.converted()).isEqualTo(converted);
        assertThat(mean.sum().doubleValue()).isCloseTo(sum, within(1e-6));
        assertThat(mean.sumSquares().doubleValue()).isCloseTo(squares, within(1e-6 * squares));
        assertThat(binomial).isEqualTo(new Rollup.Delta(converted, converted, converted));
    }

    @Test
    void windowIsHalfOpenInWholeDays() {
        Instant t = Instant.parse("2026-01-02T10:00:00Z");
        assertThat(Rollup.inWindow(t, 14, t)).isTrue();
        assertThat(Rollup.inWindow(t, 14, t.minusNanos(1))).isFalse();
        assertThat(Rollup.inWindow(t, 14, t.plus(Duration.ofDays(14)).minusNanos(1))).isTrue();
        assertThat(Rollup.inWindow(t, 14, t.plus(Duration.ofDays(14)))).isFalse();
        assertThat(Rollup.inWindow(t, 1, t.plus(Duration.ofHours(23)))).isTrue();
    }

    @Test
    void dayIsTheUtcCalendarDay() {
        assertThat(Rollup.day(Instant.parse("2026-01-02T23:59:59.999Z"))).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(Rollup.day(Instant.parse("2026-01-03T00:00:00Z"))).isEqualTo(LocalDate.of(2026, 1, 3));
        assertThat(Rollup.day(Instant.parse("1969-12-31T23:59:59.5Z"))).as("before the epoch: floor, not truncation")
                .isEqualTo(LocalDate.of(1969, 12, 31));
    }
}
