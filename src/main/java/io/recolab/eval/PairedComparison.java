package io.recolab.eval;

import io.recolab.stats.MultipleTesting;
import org.apache.commons.math3.distribution.BinomialDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Two recommenders on the same (customer, cutoff) pairs. Both are evaluated on every pair of the protocol,
 * so the comparison is paired: it looks only at the discordant pairs, where exactly one of them hit.
 * <ul>
 *   <li>McNemar's exact test (McNemar 1947; exact form: the conditional binomial test, Agresti,
 *       <i>Categorical Data Analysis</i>, 3rd ed., section 11.1): under "no difference" each of the
 *       {@code onlyA + onlyB} discordant pairs is equally likely to go either way, so
 *       p = min(1, 2 P(X <= min(onlyA, onlyB))), X ~ Binomial(onlyA + onlyB, 1/2).</li>
 *   <li>A 95% interval for hit@k(A) - hit@k(B) from the paired bootstrap over customers (the same
 *       resamples as the hit@k intervals).</li>
 *   <li>Holm's adjustment across all the comparisons of one report (they are read together).</li>
 * </ul>
 * McNemar treats the pairs as independent; a customer evaluated at several cutoffs makes them mildly
 * dependent, which the bootstrap interval (resampling customers) does take into account.
 */
public record PairedComparison(String a, String b, int pairs, double hitA, double hitB, double difference,
                               double ciLow, double ciHigh, int onlyA, int onlyB, double pValue,
                               double adjustedPValue) {

    /** McNemar's exact two-sided p-value for {@code onlyA} vs {@code onlyB} discordant pairs. */
    public static double mcNemarExact(int onlyA, int onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0, got " + onlyA + ", " + onlyB);
        }
        int n = onlyA + onlyB;
        if (n == 0) {
            return 1;
        }
        BinomialDistribution x = new BinomialDistribution(null, n, 0.5);
        return Math.min(1, 2 * x.cumulativeProbability(Math.min(onlyA, onlyB)));
    }

    /** Every pair of runs, in run order (A before B), with Holm-adjusted p-values across all of them. */
    public static List<PairedComparison> all(List<RecommenderRun> runs, Evaluation evaluation) {
        int[] clusters = evaluation.pairClusters();
        List<PairedComparison> raw = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                raw.add(of(runs.get(i), runs.get(j), clusters, evaluation.clusterCount(), evaluation.resamples(),
                        evaluation.seed()));
            }
        }
        double[] p = raw.stream().mapToDouble(PairedComparison::pValue).toArray();
        double[] adjusted = MultipleTesting.holm(p);
        List<PairedComparison> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            PairedComparison c = raw.get(i);
            out.add(new PairedComparison(c.a, c.b, c.pairs, c.hitA, c.hitB, c.difference, c.ciLow, c.ciHigh, c.onlyA,
                    c.onlyB, c.pValue, adjusted[i]));
        }
        return out;
    }

    static PairedComparison of(RecommenderRun a, RecommenderRun b, int[] clusters, int clusterCount, int resamples,
                               long seed) {
        byte[] ha = a.hits();
        byte[] hb = b.hits();
        if (ha.length != hb.length || ha.length != clusters.length) {
            throw new IllegalArgumentException("paired comparison needs the same pairs: " + a.name() + " has "
                    + ha.length + ", " + b.name() + " has " + hb.length);
        }
        int n = ha.length;
        int onlyA = 0;
        int onlyB = 0;
        int hitsA = 0;
        int hitsB = 0;
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            hitsA += ha[i];
            hitsB += hb[i];
            diff[i] = ha[i] - hb[i];
            if (ha[i] > hb[i]) {
                onlyA++;
            } else if (hb[i] > ha[i]) {
                onlyB++;
            }
        }
        double[] ci = Bootstrap.clusteredMean(diff, clusters, clusterCount, Evaluation.LEVEL, resamples, seed);
        double d = n == 0 ? 0 : (double) (hitsA - hitsB) / n;
        double p = mcNemarExact(onlyA, onlyB);
        return new PairedComparison(a.name(), b.name(), n, n == 0 ? 0 : (double) hitsA / n,
                n == 0 ? 0 : (double) hitsB / n, d, ci[0], ci[1], onlyA, onlyB, p, p);
    }
}
