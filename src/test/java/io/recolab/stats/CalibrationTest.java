package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The default test (binomial metric, relative lift, frequentist, two-sided, alpha 0.05) measured
 * exactly: every A/A outcome (x1, x2) of two arms of n units is run through {@link Analyzer#compare}
 * and weighted by its binomial probability. Outcomes with probability below 1e-13 per arm are left
 * out; the mass left out (at most 1.6e-12 per cell, printed by make_reference.py) bounds the error of
 * every rate below. make_reference.py section 11 computes the same table independently (NumPy and
 * scipy.stats), and the figures must agree to 1e-6. Targets (issue 22.1): false-positive rate at most
 * 6% everywhere, at least 3% wherever each arm expects 5 or more conversions, each direction 30-70%
 * of the rejections, and the same p-value when the arms are swapped.
 */
class CalibrationTest {
    private static final double CUT = 1e-13;
    private static final double ALPHA = 0.05;

    private record Rates(double rate, double better, double worse) {
    }

    private static double pValue(long n1, long x1, long n2, long x2) {
        return pValue(TestType.FREQUENTIST, n1, x1, n2, x2);
    }

    private static double pValue(TestType test, long n1, long x1, long n2, long x2) {
        ComparisonRequest r = ComparisonRequest.of(MetricType.BINOMIAL, test, ALPHA, Correction.HOLM,
                List.of(Arm.of("C", n1, x1, x1), Arm.of("T1", n2, x2, x2)));
        Double p = Analyzer.compare(r).comparisons().get(0).pValue();
        return p == null ? 1 : p;
    }

    private static Rates enumerate(int n, double rate) {
        return enumerate(TestType.FREQUENTIST, n, rate);
    }

    private static Rates enumerate(TestType test, int n, double rate) {
        BinomialDistribution binomial = new BinomialDistribution(null, n, rate);
        int lo = 0;
        while (binomial.probability(lo) < CUT) {
            lo++;
        }
        int hi = n;
        while (binomial.probability(hi) < CUT) {
            hi--;
        }
        double[] pmf = new double[hi - lo + 1];
        for (int x = lo; x <= hi; x++) {
            pmf[x - lo] = binomial.probability(x);
        }
        double better = 0;
        double worse = 0;
        for (int x1 = lo; x1 <= hi; x1++) {
            for (int x2 = lo; x2 <= hi; x2++) {
                if (x1 != x2 && pValue(test, n, x1, n, x2) < ALPHA) {
                    double w = pmf[x1 - lo] * pmf[x2 - lo];
                    if (x2 > x1) {
                        better += w;
                    } else {
                        worse += w;
                    }
                }
            }
        }
        return new Rates(better + worse, better, worse);
    }

    @Test
    void theDefaultTestIsCalibratedAtEverySampleSize() {
        StringBuilder table = new StringBuilder("n, baseline, false-positive rate, share 'better'\n");
        for (JsonNode cell : Reference.get("calibration").get("cells")) {
            int n = cell.get("n").asInt();
            double p = cell.get("p").asDouble();
            Rates r = enumerate(n, p);
            table.append(String.format("%d, %.2f, %.4f, %.2f%n", n, p, r.rate(), r.better() / r.rate()));
            assertThat(r.rate()).as("rate at n=%d p=%s", n, p).isCloseTo(cell.get("rate").asDouble(), within(1e-6));
            assertThat(r.better()).as("better at n=%d p=%s", n, p).isCloseTo(cell.get("better").asDouble(), within(1e-6));
            assertThat(r.rate()).as("false-positive rate at n=%d p=%s", n, p).isLessThanOrEqualTo(0.06);
            if (n * p >= 5) {
                assertThat(r.rate()).as("false-positive rate at n=%d p=%s", n, p).isGreaterThanOrEqualTo(0.03);
            }
            assertThat(r.better() / r.rate()).as("share of 'better' at n=%d p=%s", n, p).isBetween(0.3, 0.7);
        }
        System.out.print(table);
    }

    /**
     * The Bayesian test (flat prior, the default) on the default relative lift: it used the delta method's
     * Gaussian for the relative lift, which rejected 9.9%, 10.1% and 8.3% of these A/A outcomes, every one
     * "worse" (the ratio's estimate is skewed towards the control's noise). Under the flat prior it now
     * decides from the absolute lift's posterior, so it stays within the frequentist test's bounds.
     */
    @Test
    void theBayesianTestIsCalibratedOnTheRelativeLiftToo() {
        int[] ns = {50, 100, 10_000};
        double[] ps = {0.1, 0.05, 0.001};
        for (int i = 0; i < ns.length; i++) {
            Rates r = enumerate(TestType.BAYESIAN, ns[i], ps[i]);
            System.out.printf("bayesian A/A, n=%d p=%s: %.4f, share 'better' %.2f%n", ns[i], ps[i], r.rate(),
                    r.better() / r.rate());
            assertThat(r.rate()).as("false-positive rate at n=%d p=%s", ns[i], ps[i]).isLessThanOrEqualTo(0.06);
            assertThat(r.better() / r.rate()).as("share of 'better' at n=%d p=%s", ns[i], ps[i]).isBetween(0.3, 0.7);
        }
    }

    @Test
    void swappingTheArmsGivesTheSamePValue() {
        JsonNode example = Reference.get("calibration").get("example");
        // Source: scipy.stats.ttest_ind_from_stats(equal_var=False) on 9/100 vs 3/100 (the audit's case; the
        // delta-method test gave 0.0025 one way and 0.31 the other).
        assertThat(pValue(100, 9, 100, 3)).isCloseTo(example.get("pValue").asDouble(), within(1e-6));
        assertThat(pValue(100, 3, 100, 9)).isCloseTo(example.get("pValue").asDouble(), within(1e-6));
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < 2000; i++) {
            long n1 = 2 + random.nextInt(3000);
            long n2 = 2 + random.nextInt(3000);
            long x1 = random.nextLong(n1 + 1);
            long x2 = random.nextLong(n2 + 1);
            assertThat(pValue(n1, x1, n2, x2)).as("%d/%d vs %d/%d", x1, n1, x2, n2)
                    .isCloseTo(pValue(n2, x2, n1, x1), within(1e-12));
        }
    }

    @Test
    void theRelativeIntervalAgreesWithTheTestAndStaysAboveMinus100Percent() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 2000; i++) {
            long n1 = 20 + random.nextInt(2000);
            long n2 = 20 + random.nextInt(2000);
            long x1 = 1 + random.nextLong(n1 / 4);
            long x2 = random.nextLong(n2 / 4);
            ComparisonRequest r = new ComparisonRequest(MetricType.BINOMIAL, Difference.RELATIVE, TestType.FREQUENTIST,
                    Alternative.TWO_SIDED, ALPHA, 5000, Correction.NONE, null, Arm.of("C", n1, x1, x1),
                    List.of(Arm.of("T1", n2, x2, x2)));
            Comparison c = Analyzer.compare(r).comparisons().get(0);
            String what = x1 + "/" + n1 + " vs " + x2 + "/" + n2;
            if (c.relativeCi() == null) {
                assertThat(c.message()).as(what).contains("unbounded");
                continue;
            }
            assertThat(c.relativeCi().get(0)).as(what).isGreaterThanOrEqualTo(-1 - 1e-12);
            boolean excludesZero = c.relativeCi().get(0) > 0 || c.relativeCi().get(1) < 0;
            assertThat(excludesZero).as(what + " p = " + c.pValue()).isEqualTo(c.pValue() < ALPHA);
            assertThat(c.relativeLift()).isBetween(c.relativeCi().get(0) - 1e-12, c.relativeCi().get(1) + 1e-12);
        }
    }
}
