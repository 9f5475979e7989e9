package io.recolab.recommend.itemtoitem;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.data.TestLogs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimilarItemsTest {
    @Test
    void tableOfTheHandExample() {
        Interactions log = TestLogs.baskets("0: 0 1", "1: 0 1 2", "2: 0 2 3 4 5", "3: 1 2");
        SimilarItems table = SimilarItems.build(log, new CosineRelatedness(), 2, 1);
        // item 0: 1 and 2 tie at 2/3 (lower index first), 3/4/5 at 1/sqrt(3) ~ 0.577 are cut by maxRelated = 2
        assertThat(related(table, 0)).containsExactly(1, 2);
        assertThat(table.weight()[table.start(0)]).isCloseTo(2f / 3, within(1e-6f));
        SimilarItems supported = SimilarItems.build(log, new CosineRelatedness(), 10, 2);
        assertThat(related(supported, 3)).isEmpty(); // 3 co-occurs once with anything
    }

    /** The tuning grid truncates one long table instead of rebuilding it: the result must be the same table. */
    @Test
    void truncatingALongTableEqualsBuildingAShortOne() {
        Interactions log = SyntheticGenerator.generate(new SyntheticSpec(800, 300, 120, 5));
        for (Relatedness measure : new Relatedness[] {
                new CorrectedRelatedness(), new CosineRelatedness(), new NaiveRelatedness()}) {
            SimilarItems longest = SimilarItems.build(log, measure, 100, 2);
            for (int length : new int[] {20, 50}) {
                SimilarItems built = SimilarItems.build(log, measure, length, 2);
                SimilarItems truncated = longest.truncated(length);
                assertThat(truncated.offsets()).as("%s %d", measure, length).containsExactly(built.offsets());
                assertThat(truncated.related()).as("%s %d", measure, length).containsExactly(built.related());
                assertThat(truncated.weight()).as("%s %d", measure, length).containsExactly(built.weight());
            }
        }
    }

    /** The pruned, tabulated build returns what scoring every co-occurring pair directly would. */
    @Test
    void prunedBuildMatchesBruteForce() {
        Interactions log = SyntheticGenerator.generate(new SyntheticSpec(800, 300, 120, 5));
        for (Relatedness measure : new Relatedness[] {
                new CorrectedRelatedness(), new CosineRelatedness(), new NaiveRelatedness()}) {
            for (int support : new int[] {1, 3}) {
                SimilarItems table = SimilarItems.build(log, measure, 20, support);
                for (int a = 0; a < log.itemCount(); a++) {
                    List<double[]> expected = bruteForce(log, measure, a, support, 20);
                    assertThat(table.end(a) - table.start(a)).as("%s item %d", measure, a).isEqualTo(expected.size());
                    for (int r = 0; r < expected.size(); r++) {
                        assertThat((double) table.weight()[table.start(a) + r]).as("%s item %d rank %d", measure, a, r)
                                .isCloseTo(expected.get(r)[1], within(1e-4 * Math.max(1, expected.get(r)[1])));
                    }
                }
            }
        }
    }

    /** Every pair counted from scratch and E_AB summed buyer by buyer with Math.pow. */
    private static List<double[]> bruteForce(Interactions log, Relatedness measure, int a, int support, int keep) {
        CustomerItems m = log.customerItems();
        int items = log.itemCount();
        int[] together = new int[items];
        int[] buyers = new int[items];
        List<Integer> buyersOfA = new ArrayList<>();
        for (int c = 0; c < m.customers(); c++) {
            boolean hasA = m.owns(c, a);
            if (hasA) {
                buyersOfA.add(c);
            }
            for (int e = m.start(c); e < m.end(c); e++) {
                buyers[m.item(e)]++;
                if (hasA && m.item(e) != a) {
                    together[m.item(e)]++;
                }
            }
        }
        int active = 0;
        for (int c = 0; c < m.customers(); c++) {
            active += m.size(c) > 0 ? 1 : 0;
        }
        List<double[]> scored = new ArrayList<>();
        for (int b = 0; b < items; b++) {
            if (b == a || together[b] < support) {
                continue;
            }
            double score;
            if (measure instanceof CosineRelatedness) {
                score = together[b] / Math.sqrt((double) buyers[a] * buyers[b]);
            } else if (measure instanceof NaiveRelatedness) {
                score = (double) together[b] / buyers[a] - (double) buyers[b] / active;
            } else {
                double pb = (double) buyers[b] / m.pairs();
                double expected = 0;
                for (int c : buyersOfA) {
                    expected += 1 - Math.pow(1 - pb, m.size(c) - 1);
                }
                score = (together[b] - expected) / Math.sqrt(expected);
            }
            if (score > 0) {
                scored.add(new double[] {b, score});
            }
        }
        scored.sort(Comparator.<double[]>comparingDouble(x -> -x[1]).thenComparingDouble(x -> x[0]));
        return scored.subList(0, Math.min(keep, scored.size()));
    }

    static List<Integer> related(SimilarItems table, int item) {
        List<Integer> out = new ArrayList<>();
        for (int r = table.start(item); r < table.end(item); r++) {
            out.add(table.related()[r]);
        }
        return out;
    }
}
