package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Calibration by seeded simulation of what issue 22.6 and 22.8 add on top of the engine:
 * <ul>
 * <li>Slices: an A/A experiment cut into 8 slices of different sizes and baselines, each compared
 *     with the default test, then one Holm correction over every slice (as analysis.SliceResults
 *     does). The chance that any slice is called significant must stay at most alpha; without
 *     the correction it is about 1 - 0.95^8 = 34%.</li>
 * <li>The automatic pause: the guardrail check the watch runs, looked at every day for 30 days in
 *     an A/A experiment with three treatments (each gets alpha/3): the share of runs paused by a
 *     false alarm stays at most alpha.</li>
 * </ul>
 */
class SliceAndWatchCalibrationTest {
    private static final double ALPHA = 0.05;

    @Test
    void holmAcrossSlicesKeepsTheFamilyWiseErrorOfAnAaExperiment() {
        SplittableRandom random = new SplittableRandom(2208);
        int[] sizes = {2000, 1500, 1000, 800, 600, 400, 300, 200};
        double[] rates = {0.05, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30};
        int runs = 10_000;
        int anyCorrected = 0;
        int anyRaw = 0;
        for (int run = 0; run < runs; run++) {
            List<Double> p = new ArrayList<>();
            for (int s = 0; s < sizes.length; s++) {
                long xa = binomial(random, sizes[s], rates[s]);
                long xb = binomial(random, sizes[s], rates[s]);
                Comparison c = Analyzer.compare(ComparisonRequest.of(MetricType.BINOMIAL, TestType.FREQUENTIST, ALPHA,
                        Correction.NONE, List.of(Arm.of("C", sizes[s], xa, xa), Arm.of("T1", sizes[s], xb, xb))))
                        .comparisons().get(0);
                if (c.pValue() != null) {
                    p.add(c.pValue());
                }
            }
            Double[][] family = new Double[p.size()][];
            for (int i = 0; i < p.size(); i++) {
                family[i] = new Double[] {p.get(i)};
            }
            Double[][] adjusted = MultipleTesting.adjustFamily(Correction.HOLM, family);
            boolean corrected = false;
            boolean raw = false;
            for (int i = 0; i < p.size(); i++) {
                corrected |= adjusted[i][0] < ALPHA;
                raw |= p.get(i) < ALPHA;
            }
            anyCorrected += corrected ? 1 : 0;
            anyRaw += raw ? 1 : 0;
        }
        double fwer = anyCorrected / (double) runs;
        double uncorrected = anyRaw / (double) runs;
        System.out.printf("A/A, 8 slices, 10000 runs: any slice significant with Holm %.4f, without %.4f%n", fwer, uncorrected);
        // Independent exact tests would give 1 - (1 - alpha/8)^8 = 4.91% with Holm; the Monte Carlo
        // error of 10,000 runs at 5% is 0.22%, so the bound is alpha plus two standard errors.
        assertThat(fwer).isLessThanOrEqualTo(ALPHA + 2 * Math.sqrt(ALPHA * (1 - ALPHA) / runs));
        assertThat(fwer).isGreaterThan(0.02);
        assertThat(uncorrected).isGreaterThan(0.25);
    }

    @Test
    void dailyGuardrailLooksWithThreeTreatmentsPauseFewAaExperiments() {
        SplittableRandom random = new SplittableRandom(2206);
        int runs = 1000;
        int paused = 0;
        for (int run = 0; run < runs; run++) {
            long n = 0;
            long[] x = new long[4];
            boolean breached = false;
            for (int day = 0; day < 30 && !breached; day++) {
                for (int arm = 0; arm < 4; arm++) {
                    x[arm] += binomial(random, 200, 0.1);
                }
                n += 200;
                List<Arm> treatments = List.of(Arm.of("T1", n, x[1], x[1]), Arm.of("T2", n, x[2], x[2]),
                        Arm.of("T3", n, x[3], x[3]));
                for (Guardrail.Check c : Guardrail.check(MetricType.BINOMIAL, Guardrail.Harm.INCREASE, ALPHA, 5000,
                        Arm.of("C", n, x[0], x[0]), treatments)) {
                    breached |= c.breached();
                }
            }
            paused += breached ? 1 : 0;
        }
        double rate = paused / (double) runs;
        System.out.printf("guardrail watch, A/A with 3 treatments, 30 daily looks, 1000 runs: paused %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(ALPHA);
    }

    private static long binomial(SplittableRandom random, int n, double p) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }
}
