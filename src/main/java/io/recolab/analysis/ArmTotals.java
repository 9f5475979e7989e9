package io.recolab.analysis;

import io.recolab.stats.MetricType;
import io.recolab.stats.SufficientStats;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One treatment's rollup cells added up (units, converted units, sum and sum of squares of the
 * per-unit values) into the sufficient statistics of its arm. The sums are the store's exact
 * decimals (V25), added exactly; the centred sum of squares S2 - S1^2/n is taken in decimal too, so
 * a mean metric with mean >> sd keeps its variance (issue 22.4: 1.3% off at 1e7 + N(0, 1) before,
 * RollupPrecisionTest), and only then rounded to a double.
 */
final class ArmTotals {
    // 60 significant digits: S2 up to ~1e36 keeps 24 digits below the point through the division.
    private static final MathContext CONTEXT = new MathContext(60);

    private long units;
    private long converted;
    private BigDecimal sum = BigDecimal.ZERO;
    private BigDecimal sumSquares = BigDecimal.ZERO;

    void add(RollupReader.Cell cell) {
        add(cell.units(), cell.converted(), cell.exactSum(), cell.exactSumSquares());
    }

    void add(long cellUnits, long cellConverted, BigDecimal cellSum, BigDecimal cellSumSquares) {
        units += cellUnits;
        converted += cellConverted;
        sum = sum.add(cellSum);
        sumSquares = sumSquares.add(cellSumSquares);
    }

    long units() {
        return units;
    }

    long converted() {
        return converted;
    }

    double sum() {
        return sum.doubleValue();
    }

    double sumSquares() {
        return Math.max(sumSquares.doubleValue(), 0);
    }

    /** Binomial: the per-unit values are 0/1, so sum = sumSquares = converted units exactly. */
    SufficientStats stats(MetricType type) {
        if (units == 0) {
            return new SufficientStats(0, 0, 0);
        }
        if (type == MetricType.BINOMIAL) {
            return new SufficientStats(units, converted, converted);
        }
        BigDecimal centred = sumSquares.subtract(sum.multiply(sum).divide(BigDecimal.valueOf(units), CONTEXT));
        return new SufficientStats(units, sum(), sumSquares(), Math.max(0, centred.doubleValue()));
    }
}
