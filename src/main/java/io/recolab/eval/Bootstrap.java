package io.recolab.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Percentile bootstrap (Efron and Tibshirani 1993, ch. 13) for a pooled hit rate; seeded, so reports repeat. */
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
}
