package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.SharedItems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations of whole interleaving experiments, through {@link InterleavingReplay.Visit#preference} (the
 * team-draft list and its credit, as {@code simulate} and the server compute them), then the exact sign test on
 * the non-tied customers at the end.
 * <ul>
 *   <li>A/A: both recommenders draw their lists from the same distribution and a customer takes an item with a
 *       chance that depends on the item only, so neither side is better: under either rule for shared items the
 *       share of experiments significant at 0.05 must stay at or below 0.05 (within three standard errors of the
 *       simulation), at 100 and at 1,500 customers
 *       (the sign test's own size is checked exactly in {@link SignTestTest}).</li>
 *   <li>A real preference (A's own items taken twice as often as B's own) with lists that share half their items:
 *       crediting shared items to nobody removes coin-flip credit and must detect it more often.</li>
 * </ul>
 */
class SharedItemsCalibrationTest {
    private static final int POOL = 30;
    private static final int SHOWN = 6;

    /** A customer's visit: both lists drawn from the same weighted pool, taken items by their own chance only. */
    private static InterleavingReplay.Visit nullVisit(SplittableRandom r, double[] weight, double[] chance, int unit) {
        List<Integer> a = draw(r, weight);
        List<Integer> b = draw(r, weight);
        return new InterleavingReplay.Visit("u" + unit, 0, a, b, taken(r, a, b, chance));
    }

    /** A weighted sample without replacement (Efraimidis and Spirakis: the smallest keys -ln(u) / weight). */
    private static List<Integer> draw(SplittableRandom r, double[] weight) {
        double[] key = new double[POOL];
        Integer[] order = new Integer[POOL];
        for (int i = 0; i < POOL; i++) {
            key[i] = -Math.log(1 - r.nextDouble()) / weight[i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(key[x], key[y]));
        return List.of(order).subList(0, SHOWN);
    }

    private static Set<Integer> taken(SplittableRandom r, List<Integer> a, List<Integer> b, double[] chance) {
        Set<Integer> candidates = new HashSet<>(a);
        candidates.addAll(b);
        Set<Integer> taken = new HashSet<>();
        for (int item : candidates) {
            if (r.nextDouble() < chance[item]) {
                taken.add(item);
            }
        }
        return taken;
    }

    private static boolean significant(List<InterleavingReplay.Visit> visits, SplittableRandom coins, SharedItems rule) {
        long a = 0;
        long b = 0;
        for (InterleavingReplay.Visit v : visits) {
            Preference p = v.preference(SHOWN, coins.nextLong(), rule);
            a += p == Preference.A ? 1 : 0;
            b += p == Preference.B ? 1 : 0;
        }
        return SignTest.pValue(a, b) < 0.05;
    }

    @Test
    void aaFalsePositiveRateStaysAtAlphaUnderEitherRule() {
        SplittableRandom r = new SplittableRandom(2024);
        double[] weight = new double[POOL];
        double[] chance = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            weight[i] = 1.0 / (i + 1); // popular items are in most lists: many shared items
            chance[i] = 0.02 + 0.2 * r.nextDouble();
        }
        int[][] sizes = {{100, 1_500}, {1_500, 300}}; // customers per experiment, experiments
        for (int[] size : sizes) {
            int customers = size[0];
            int experiments = size[1];
            int[] rejects = new int[SharedItems.values().length];
            for (int e = 0; e < experiments; e++) {
                List<InterleavingReplay.Visit> visits = new ArrayList<>(customers);
                for (int c = 0; c < customers; c++) {
                    visits.add(nullVisit(r, weight, chance, c));
                }
                long coinSeed = r.nextLong();
                for (SharedItems rule : SharedItems.values()) {
                    rejects[rule.ordinal()] += significant(visits, new SplittableRandom(coinSeed), rule) ? 1 : 0;
                }
            }
            double bound = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / experiments);
            for (SharedItems rule : SharedItems.values()) {
                assertThat(rejects[rule.ordinal()] / (double) experiments)
                        .as("A/A rate, %s, %d customers x %d experiments", rule, customers, experiments)
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void neutralSharedItemsDetectARealPreferenceMoreOften() {
        SplittableRandom r = new SplittableRandom(7);
        int experiments = 400;
        int customers = 300;
        int[] rejects = new int[SharedItems.values().length];
        for (int e = 0; e < experiments; e++) {
            List<InterleavingReplay.Visit> visits = new ArrayList<>(customers);
            for (int c = 0; c < customers; c++) {
                // Items 0-2 in both lists (taken often), 10-12 A's own, 20-22 B's own, in a random order per list.
                List<Integer> a = new ArrayList<>(List.of(0, 1, 2, 10, 11, 12));
                List<Integer> b = new ArrayList<>(List.of(0, 1, 2, 20, 21, 22));
                java.util.Collections.shuffle(a, new java.util.Random(r.nextLong()));
                java.util.Collections.shuffle(b, new java.util.Random(r.nextLong()));
                Set<Integer> taken = new HashSet<>();
                for (int item : List.of(0, 1, 2)) {
                    if (r.nextDouble() < 0.3) {
                        taken.add(item);
                    }
                }
                for (int item : List.of(10, 11, 12)) {
                    if (r.nextDouble() < 0.04) {
                        taken.add(item);
                    }
                }
                for (int item : List.of(20, 21, 22)) {
                    if (r.nextDouble() < 0.02) {
                        taken.add(item);
                    }
                }
                visits.add(new InterleavingReplay.Visit("u" + c, 0, a, b, taken));
            }
            long coinSeed = r.nextLong();
            for (SharedItems rule : SharedItems.values()) {
                rejects[rule.ordinal()] += significant(visits, new SplittableRandom(coinSeed), rule) ? 1 : 0;
            }
        }
        double picker = rejects[SharedItems.PICKER.ordinal()] / (double) experiments;
        double neutral = rejects[SharedItems.NEUTRAL.ordinal()] / (double) experiments;
        assertThat(neutral).as("power: neutral %s vs picker %s", neutral, picker).isGreaterThan(picker + 0.1);
    }
}
