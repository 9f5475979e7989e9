package io.recolab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.stats.Analyzer;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.TestType;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Calibration of the metric kinds (issue 22.7) by seeded A/A simulation through the same code as the
 * results page (UnitLevel, then Analyzer.compare): both arms drawn from one distribution, so a 5% test
 * should reject about 5% of the runs. 4,000 runs each: the binomial standard error of a 5% rate is
 * 0.34 points, so [4%, 6%] is about three of them either side. Figures in docs/statistics.md.
 */
class MetricKindsCalibrationTest {
    private static final int RUNS = 4_000;
    private static final int PER_ARM = 250;

    private interface Draw {
        /** Fills y (and x, the denominator or covariate) for unit i. */
        void unit(SplittableRandom r, int i, double[] y, double[] x);
    }

    /** Revenue: 70% of units buy nothing, buyers spend a lognormal amount (heavy right tail). */
    private static double revenue(SplittableRandom r, double scale) {
        return r.nextDouble() < 0.3 ? scale * Math.exp(3 + 1.2 * gaussian(r)) : 0;
    }

    @Test
    void cappedMeanRejectsAboutFivePercentOfAaTests() {
        double rate = falsePositives(1, MetricType.MEAN, (r, i, y, x) -> y[i] = revenue(r, 1), 99.0, false);
        assertThat(rate).as("capped at p99").isBetween(0.04, 0.06);
    }

    @Test
    void cupedRejectsAboutFivePercentOfAaTests() {
        double rate = falsePositives(2, MetricType.MEAN, (r, i, y, x) -> {
            // The pre-period spend predicts this period's (correlation about 0.7).
            double habit = Math.exp(2 + gaussian(r));
            x[i] = r.nextDouble() < 0.5 ? habit * Math.exp(0.5 * gaussian(r)) : 0;
            y[i] = r.nextDouble() < 0.4 ? habit * Math.exp(0.5 * gaussian(r)) : 0;
        }, null, true);
        assertThat(rate).as("CUPED").isBetween(0.04, 0.06);
    }

    @Test
    void ratioRejectsAboutFivePercentOfAaTests() {
        double rate = falsePositives(3, MetricType.RATIO, (r, i, y, x) -> {
            x[i] = 1 + poisson(r, 2.5);
            int bought = 0;
            for (int k = 0; k < x[i]; k++) {
                bought += r.nextDouble() < 0.2 ? 1 + poisson(r, 0.5) : 0;
            }
            y[i] = bought;
        }, null, false);
        assertThat(rate).as("items per exposure").isBetween(0.04, 0.06);
    }

    private static double falsePositives(long seed, MetricType type, Draw draw, Double cap, boolean cuped) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 2 * PER_ARM;
        int[] arm = new int[n];
        for (int i = PER_ARM; i < n; i++) {
            arm[i] = 1;
        }
        int rejected = 0;
        int better = 0;
        for (int run = 0; run < RUNS; run++) {
            double[] y = new double[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                draw.unit(r, i, y, x);
            }
            double[] values = cap == null ? y : UnitLevel.cap(y, cap).values();
            var arms = UnitLevel.arms(List.of("C", "T1"), arm, values, type == MetricType.RATIO ? x : null,
                    cuped ? x : null, type);
            Comparison c = Analyzer.compare(ComparisonRequest.of(type, TestType.FREQUENTIST, 0.05, Correction.HOLM, arms))
                    .comparisons().get(0);
            if (c.pValue() != null && c.pValue() < 0.05) {
                rejected++;
                better += c.absoluteLift() > 0 ? 1 : 0;
            }
        }
        double rate = (double) rejected / RUNS;
        System.out.printf(Locale.ROOT, "A/A %s%s%s: %d of %d rejected (%.2f%%), %.0f%% of them 'better'%n", type,
                cap == null ? "" : " capped p" + cap, cuped ? " CUPED" : "", rejected, RUNS, 100 * rate,
                rejected == 0 ? 0 : 100.0 * better / rejected);
        return rate;
    }

    private static double gaussian(SplittableRandom r) {
        // Java 17's RandomGenerator default (a ziggurat), seeded by the SplittableRandom.
        return r.nextGaussian();
    }

    private static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
