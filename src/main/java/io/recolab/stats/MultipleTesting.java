package io.recolab.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Adjusted p-values for m simultaneous comparisons, and the per-comparison alpha for intervals
 * consistent with them.
 * - Holm (1979), "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6:
 *   controls the family-wise error; adjusted p_(i) = max_{j<=i} min(1, (m-j+1) p_(j)).
 * - Benjamini and Hochberg (1995), JRSS B 57: controls the false discovery rate; adjusted
 *   p_(i) = min_{j>=i} min(1, m p_(j) / j).
 * Both are the step-wise "adjusted p-values" of Wright (1992), Biometrics 48, so they are monotone
 * in the raw p-values, at least the raw ones, and capped at 1; reject when adjusted < alpha.
 */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    public static double[] adjust(Correction correction, double[] p) {
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], got p[" + i + "] = " + p[i]);
            }
        }
        return switch (correction) {
            case HOLM -> holm(p);
            case BH -> benjaminiHochberg(p);
            case NONE -> p.clone();
        };
    }

    /**
     * One correction over a family of comparisons laid out as [metric][treatment]: the documented
     * family of a definition is every treatment against the control on every primary and secondary
     * metric (guardrails are watched separately, {@link Guardrail}). Flattened, adjusted as one list,
     * and returned in the same shape; null entries (no test possible) are left null.
     */
    public static Double[][] adjustFamily(Correction correction, Double[][] pByMetricAndTreatment) {
        int count = 0;
        for (Double[] row : pByMetricAndTreatment) {
            for (Double p : row) {
                count += p == null ? 0 : 1;
            }
        }
        double[] flat = new double[count];
        int k = 0;
        for (Double[] row : pByMetricAndTreatment) {
            for (Double p : row) {
                if (p != null) {
                    flat[k++] = p;
                }
            }
        }
        double[] adjusted = adjust(correction, flat);
        Double[][] out = new Double[pByMetricAndTreatment.length][];
        k = 0;
        for (int m = 0; m < out.length; m++) {
            out[m] = new Double[pByMetricAndTreatment[m].length];
            for (int t = 0; t < out[m].length; t++) {
                out[m][t] = pByMetricAndTreatment[m][t] == null ? null : adjusted[k++];
            }
        }
        return out;
    }

    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = ascending(p);
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m - 1; rank >= 0; rank--) {
            int i = order[rank];
            // m/(rank+1) >= 1 is formed first so that rounding can never push the result below p.
            double factor = (double) m / (rank + 1);
            running = Math.min(running, Math.min(1, p[i] * factor));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * The alpha each comparison's interval uses so intervals agree with the correction:
     * - Holm: alpha/m, Bonferroni simultaneous intervals (Holm has no closed-form compatible
     *   intervals; Bonferroni's cover all m lifts jointly, at the cost of being a little wider than
     *   Holm's later steps, so a Holm rejection may rarely come with an interval touching 0).
     * - BH: alpha R/m with R the number of BH rejections, the false-coverage-rate adjusted intervals
     *   of Benjamini and Yekutieli (2005), "False Discovery Rate-Adjusted Multiple Confidence
     *   Intervals for Selected Parameters", JASA 100; with R = 0 nothing is selected and alpha/m is used.
     * - none: alpha.
     */
    public static double intervalAlpha(Correction correction, double alpha, double[] adjusted) {
        int m = adjusted.length;
        if (m == 0) {
            return alpha;
        }
        return switch (correction) {
            case NONE -> alpha;
            case HOLM -> alpha / m;
            case BH -> {
                long rejections = Arrays.stream(adjusted).filter(q -> q < alpha).count();
                yield alpha * Math.max(1, rejections) / m;
            }
        };
    }

    private static Integer[] ascending(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }
}
