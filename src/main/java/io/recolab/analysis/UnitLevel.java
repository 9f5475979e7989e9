package io.recolab.analysis;

import io.recolab.stats.Arm;
import io.recolab.stats.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pure arithmetic of the metric kinds that need each unit's value (issue 22.7): capping a metric's
 * per-unit values at a pooled percentile, and summing the per-unit values of each arm into the
 * engine's sufficient statistics with the ratio denominator's or the CUPED covariate's co-moments.
 */
public final class UnitLevel {
    private UnitLevel() {
    }

    /**
     * The outcome of capping: {@code value} the cap (null when no unit has a non-zero value), how many
     * units were above it (and now hold it), and the capped values.
     */
    public record Capped(double percentile, Double value, long cappedUnits, double[] values) {
    }

    /**
     * The p-th percentile of sorted values by linear interpolation between order statistics: rank
     * h = (n - 1) p / 100, value x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). Hyndman and Fan,
     * "Sample Quantiles in Statistical Packages", Am. Stat. 50 (1996), definition 7; the default of R's
     * quantile() and numpy.percentile.
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the percentile of no values is undefined");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        double h = (sorted.length - 1) * p / 100;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Winsorizes the upper tail: every value above the cap becomes the cap. The cap is the percentile
     * of the units with a non-zero value, pooled over all arms (so every arm is capped at one value and
     * the comparison stays fair). Zeros are left out of the percentile on purpose: most units of a
     * revenue metric never buy, and the 99th percentile of all units would then be 0 and cap every
     * buyer to nothing. The lower tail (refunds) is left as it is.
     */
    public static Capped cap(double[] values, double percentile) {
        double[] nonZero = Arrays.stream(values).filter(v -> v != 0).sorted().toArray();
        if (nonZero.length == 0) {
            return new Capped(percentile, null, 0, values.clone());
        }
        double cap = percentile(nonZero, percentile);
        double[] out = new double[values.length];
        long capped = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > cap) {
                out[i] = cap;
                capped++;
            } else {
                out[i] = values[i];
            }
        }
        return new Capped(percentile, cap, capped, out);
    }

    /**
     * Per-arm sufficient statistics for the engine: n, sum and sum of squares of y; with {@code x} (a
     * ratio's denominator) the denominator's sums and sum of x*y; with {@code covariate} (CUPED) the
     * covariate's sums and sum of covariate*y. Sums are compensated (Neumaier), as on the rollup path.
     *
     * @param arm each unit's arm index into {@code names}; units outside [0, names) are refused
     */
    public static List<Arm> arms(List<String> names, int[] arm, double[] y, double[] x, double[] covariate,
                                 MetricType type) {
        int k = names.size();
        if (y.length != arm.length || (x != null && x.length != arm.length)
                || (covariate != null && covariate.length != arm.length)) {
            throw new IllegalArgumentException("every unit needs one arm and one value of each series");
        }
        long[] n = new long[k];
        CompensatedSum[][] s = new CompensatedSum[k][6];
        for (CompensatedSum[] row : s) {
            for (int j = 0; j < row.length; j++) {
                row[j] = new CompensatedSum();
            }
        }
        for (int i = 0; i < arm.length; i++) {
            int a = arm[i];
            if (a < 0 || a >= k) {
                throw new IllegalArgumentException("unit " + i + " has arm " + a + ", not one of " + names);
            }
            n[a]++;
            double v = y[i];
            s[a][0].add(v);
            s[a][1].add(v * v);
            double z = x != null ? x[i] : covariate != null ? covariate[i] : 0;
            s[a][2].add(z);
            s[a][3].add(z * z);
            s[a][4].add(z * v);
        }
        List<Arm> out = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
            double sum = s[a][0].value();
            // Binomial values are 0/1: the sum of squares is the sum, exactly.
            double squares = type == MetricType.BINOMIAL ? sum : Math.max(0, s[a][1].value());
            double zSum = s[a][2].value();
            double zSquares = Math.max(0, s[a][3].value());
            double products = s[a][4].value();
            Arm.PrePeriod pre = covariate != null && x == null ? new Arm.PrePeriod(zSum, zSquares, products) : null;
            Arm.Denominator den = x != null ? new Arm.Denominator(zSum, zSquares, products) : null;
            out.add(new Arm(names.get(a), new io.recolab.stats.SufficientStats(n[a], sum, squares), pre, den));
        }
        return out;
    }
}
