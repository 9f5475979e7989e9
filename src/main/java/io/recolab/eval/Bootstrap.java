package io.recolab.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap (Efron and Tibshirani 1993, ch. 13) for pooled rates; seeded, so reports repeat.
 * {@link #clusteredMean} resamples customers, not (customer, cutoff) pairs: a customer evaluated at several
 * cutoffs contributes correlated pairs, and resampling them as one unit keeps that dependence (the cluster
 * bootstrap, Davison and Hinkley 1997, section 3.8).
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * A {@code level} interval for the share of successes among {@code n} pairs, resampling pairs with
     * replacement {@code resamples} times. For a mean of 0/1 values a resample's sum is
     * Binomial(n, hits/n), which is what is drawn here (same distribution, O(n) per resample).
     */
    public static double[] proportionInterval(int hits, int n, double level, int resamples, long seed) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        if (hits < 0 || hits > n || !(level > 0 && level < 1) || resamples < 10) {
            throw new IllegalArgumentException("bad bootstrap input: hits " + hits + ", n " + n + ", level " + level
                    + ", resamples " + resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double p = (double) hits / n;
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int sum = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < p) {
                    sum++;
                }
            }
            means[b] = (double) sum / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        double low = means[(int) Math.floor(alpha * (resamples - 1))];
        double high = means[(int) Math.ceil((1 - alpha) * (resamples - 1))];
        return new double[] {Math.min(low, p), Math.max(high, p)};
    }

    /**
     * A {@code level} percentile interval for the pooled mean sum(values) / pairs, resampling the clusters
     * (customers) with replacement: {@code cluster[i]} in 0..clusters-1 is the cluster of pair i. With the same
     * seed and clusters every call draws the same resamples, so intervals of different recommenders (and of
     * their paired differences) use common random numbers. The interval always contains the point estimate.
     */
    public static double[] clusteredMean(double[] values, int[] cluster, int clusters, double level, int resamples,
                                         long seed) {
        if (values.length != cluster.length) {
            throw new IllegalArgumentException("values and clusters differ in length: " + values.length + " vs "
                    + cluster.length);
        }
        if (!(level > 0 && level < 1) || resamples < 10) {
            throw new IllegalArgumentException("bad bootstrap input: level " + level + ", resamples " + resamples);
        }
        if (values.length == 0) {
            return new double[] {0, 0};
        }
        double[] sum = new double[clusters];
        int[] count = new int[clusters];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            sum[cluster[i]] += values[i];
            count[cluster[i]]++;
            total += values[i];
        }
        double estimate = total / values.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            long n = 0;
            for (int j = 0; j < clusters; j++) {
                int c = random.nextInt(clusters);
                s += sum[c];
                n += count[c];
            }
            means[b] = n == 0 ? estimate : s / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        double low = means[(int) Math.floor(alpha * (resamples - 1))];
        double high = means[(int) Math.ceil((1 - alpha) * (resamples - 1))];
        return new double[] {Math.min(low, estimate), Math.max(high, estimate)};
    }
}
