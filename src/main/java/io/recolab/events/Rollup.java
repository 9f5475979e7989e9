package io.recolab.events;

import io.recolab.experiment.MetricSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The pure arithmetic behind the daily sufficient statistics. A unit contributes one value per
 * metric: binomial 1 once it has a counted conversion (a converted unit counts once, whatever the
 * values), mean the sum of its counted values. When a unit's running state changes, the rollup of
 * its first-exposure day moves by the difference of the contributions and of their squares, so the
 * rollups always equal sums over units without ever re-reading them.
 */
public final class Rollup {
    private Rollup() {
    }

    /** A unit's running state for one metric: the sum and number of its counted conversions. */
    public record UnitValue(double total, long conversions) {
        public static final UnitValue NONE = new UnitValue(0, 0);

        public UnitValue {
            if (conversions < 0 || !Double.isFinite(total)) {
                throw new IllegalArgumentException("unit value needs a finite total and conversions >= 0, got "
                        + total + ", " + conversions);
            }
        }

        public UnitValue plus(double value) {
            return new UnitValue(total + value, conversions + 1);
        }

        /** The value this unit contributes to the metric's sums. */
        public double contribution(MetricSpec.Type type) {
            if (type == MetricSpec.Type.BINOMIAL) {
                return conversions > 0 ? 1 : 0;
            }
            return total;
        }
    }

    /**
     * A change of one rollup row: converted units, sum and sum of squares of the per-unit values. The
     * sums are exact decimals (issue 22.4): a value of 1e7 squares to 1e14, whose double keeps only
     * ~0.01 of the variance's ~1 per unit, so the squares are taken and added without rounding, to the
     * {@link #SCALE} the store keeps (V25: NUMERIC columns).
     */
    public record Delta(long converted, BigDecimal sum, BigDecimal sumSquares) {
        public static final Delta ZERO = new Delta(0, BigDecimal.ZERO, BigDecimal.ZERO);

        public Delta {
            sum = sum.setScale(SCALE, RoundingMode.HALF_EVEN);
            sumSquares = sumSquares.setScale(SCALE, RoundingMode.HALF_EVEN);
        }

        public Delta(long converted, double sum, double sumSquares) {
            this(converted, new BigDecimal(sum), new BigDecimal(sumSquares));
        }

        public Delta plus(Delta other) {
            return new Delta(converted + other.converted, sum.add(other.sum), sumSquares.add(other.sumSquares));
        }

        public Delta negate() {
            return new Delta(-converted, sum.negate(), sumSquares.negate());
        }

        public boolean isZero() {
            return converted == 0 && sum.signum() == 0 && sumSquares.signum() == 0;
        }
    }

    /** Decimal places the rollup sums keep (V25: NUMERIC(60, 24)); a square's rounding stays below 1e-24. */
    public static final int SCALE = 24;

    /** The rollup change when a unit goes from {@code before} to {@code after}: v -> v', (v')^2 - v^2, exactly. */
    public static Delta change(MetricSpec.Type type, UnitValue before, UnitValue after) {
        BigDecimal v0 = new BigDecimal(before.contribution(type));
        BigDecimal v1 = new BigDecimal(after.contribution(type));
        long c0 = before.conversions() > 0 ? 1 : 0;
        long c1 = after.conversions() > 0 ? 1 : 0;
        return new Delta(c1 - c0, v1.subtract(v0), v1.multiply(v1).subtract(v0.multiply(v0)));
    }

    /**
     * The attribution window is half-open: a conversion counts when firstExposure <= at <
     * firstExposure + windowDays x 24 h. A conversion at the same instant as the exposure counts;
     * one exactly windowDays later does not (as in [T, T + window) of the offline protocol).
     */
    public static boolean inWindow(Instant firstExposure, int windowDays, Instant at) {
        return !at.isBefore(firstExposure) && at.isBefore(firstExposure.plus(Duration.ofDays(windowDays)));
    }

    /** Rollups are kept by the UTC calendar day of the unit's first exposure. */
    public static LocalDate day(Instant firstExposure) {
        // By arithmetic, not LocalDate.ofInstant: on Java 17 that builds ZoneRules (and a map) per call, which
        // a processor lane paid for every event.
        return LocalDate.ofEpochDay(Math.floorDiv(firstExposure.getEpochSecond(), 86_400L));
    }
}
