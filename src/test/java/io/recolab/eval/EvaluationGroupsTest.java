package io.recolab.eval;

import io.recolab.data.Targets;
import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Recommender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every number of the protocol on a log small enough to compute by hand (the comments do). */
class EvaluationGroupsTest {
    private static final long DAY = 86_400;
    private static final Protocol PROTOCOL = new Protocol(2, Duration.ofDays(1), 2);

    // items by index (id order): w x y z; end = 10d, so the cutoffs are 8d and 9d and the windows one day each.
    private final Interactions log = TestLogs.log(
            "a x " + DAY, "b x " + 2 * DAY,
            "a y " + (8 * DAY + DAY / 2),   // new for a in [8d, 9d)
            "b x " + (8 * DAY + DAY / 5),   // b already owns x: not new, b not evaluated
            "c z " + (8 * DAY + DAY / 10),  // c has no history before 8d: cold start at 8d
            "c w " + (9 * DAY + DAY / 2),   // new for c in [9d, 10d)
            "a z " + (9 * DAY + 9 * DAY / 10),
            "d y " + 10 * DAY);             // the end: outside [9d, 10d), d is in no group
    private final int w = log.items().index("w");
    private final int x = log.items().index("x");
    private final int y = log.items().index("y");
    private final int z = log.items().index("z");

    private final Recommender likesZThenY = training -> (customer, scores) -> {
        scores[z] += 2;
        scores[y] += 1;
    };
    private final Recommender likesWThenY = training -> (customer, scores) -> {
        scores[w] += 2;
        scores[y] += 1;
    };

    @Test
    void coldStartCustomersAreAGroupOfTheirOwn() {
        Evaluation evaluation = new Evaluation(log, PROTOCOL, PROTOCOL.cutoffTimes(log));
        List<Targets> cold = evaluation.coldStartTargets();
        assertThat(cold).hasSize(2);
        assertThat(cold.get(0).customers()).containsExactly(log.customers().index("c"));
        assertThat(cold.get(0).newItemsOf(0)).containsExactly(z);
        assertThat(cold.get(1).size()).isZero(); // at 9d everyone active in the window has history
        assertThat(evaluation.pairs()).isEqualTo(3); // (a, 8d), (a, 9d), (c, 9d): c at 8d is not among them
    }

    @Test
    void popularHeadIsTheTopOnePercentBeforeEachCutoff() {
        Evaluation evaluation = new Evaluation(log, PROTOCOL, PROTOCOL.cutoffTimes(log));
        // before 8d only x was seen: ceil(1% of 1) = 1 item. Before 9d: x (a, b), y (a), z (c): still 1 item, x.
        assertThat(evaluation.popularItems(0).stream().toArray()).containsExactly(x);
        assertThat(evaluation.popularItems(1).stream().toArray()).containsExactly(x);
        // 300 items seen: the head is 3 items; ties broken by item id
        assertThat(PopularItems.of(wideLog(300), 0.01).cardinality()).isEqualTo(3);
        assertThat(PopularItems.of(wideLog(301), 0.01).cardinality()).isEqualTo(4);
    }

    @Test
    void everyMetricOfBothGroups() {
        Evaluation evaluation = new Evaluation(log, PROTOCOL, PROTOCOL.cutoffTimes(log));
        RecommenderRun run = evaluation.evaluate("z-then-y", likesZThenY, new Evaluation.Listener() { });
        // main: 8d a owns x -> [z, y], y new: hit at rank 2 (1 of 1 new items).
        //       9d a owns x, y -> [z] alone: the fallback (x y z w) has nothing left that anyone had before 9d
        //       (w is first bought at 9.5d; a model trained before 9d cannot know it), z new: hit at rank 1.
        //       9d c owns z -> [y, x] (x from the fallback), w new: miss.
        EvaluationResult r = run.result();
        assertThat(r.customers()).isEqualTo(3);
        assertThat(r.hitAtK()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.recallAtK()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.ndcgAtK()).isCloseTo((1 / log2(3) + 1) / 3, within(1e-12));
        assertThat(r.coverage()).isEqualTo(0.75); // z, y, x of w x y z
        assertThat(run.hits()).containsExactly(1, 1, 0);
        // popular slots: only x in [y, x], of the 5 slots shown
        assertThat(run.popularShare()).isCloseTo(1.0 / 5, within(1e-12));
        // cold: c at 8d gets the 8d bestseller list [x] (only x was bought before 8d; nobody had w, y or z yet,
        // so the list stops there); z was wanted: miss.
        EvaluationResult cold = run.coldStart();
        assertThat(cold.customers()).isEqualTo(1);
        assertThat(cold.cutoffs()).isEqualTo(2);
        assertThat(cold.hitAtK()).isZero();
        assertThat(cold.recallAtK()).isZero();
        assertThat(cold.ndcgAtK()).isZero();
        assertThat(cold.coverage()).isEqualTo(0.25); // x of 4 items
        assertThat(run.coldStartPopularShare()).isEqualTo(1.0); // x, the head, fills the one slot
        // the old entry point gives the same main row
        EvaluationResult old = evaluation.run("z-then-y", likesZThenY);
        assertThat(old.hitAtK()).isEqualTo(r.hitAtK());
        assertThat(old.hitCiLow()).isEqualTo(r.hitCiLow());
        assertThat(old.hitCiHigh()).isEqualTo(r.hitCiHigh());
    }

    @Test
    void pairedComparisonCountsDiscordantPairs() {
        Evaluation evaluation = new Evaluation(log, PROTOCOL, PROTOCOL.cutoffTimes(log));
        RecommenderRun a = evaluation.evaluate("z-then-y", likesZThenY, new Evaluation.Listener() { });
        // likesWThenY: 8d a -> [w, y] hit; 9d a owns y -> [w, z] (z from the fallback: c bought it before 9d) hit;
        // 9d c -> [w, y] hit (w new)
        RecommenderRun b = evaluation.evaluate("w", likesWThenY, new Evaluation.Listener() { });
        assertThat(b.hits()).containsExactly(1, 1, 1);
        List<PairedComparison> comparisons = PairedComparison.all(List.of(a, b), evaluation);
        assertThat(comparisons).hasSize(1);
        PairedComparison c = comparisons.get(0);
        assertThat(c.a()).isEqualTo("z-then-y");
        assertThat(c.pairs()).isEqualTo(3);
        assertThat(c.onlyA()).isZero();
        assertThat(c.onlyB()).isEqualTo(1);
        assertThat(c.difference()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(c.pValue()).isEqualTo(1.0); // one discordant pair: 2 x P(X <= 0 | n = 1) = 1
        assertThat(c.ciLow()).isLessThanOrEqualTo(c.difference());
        assertThat(c.ciHigh()).isGreaterThanOrEqualTo(c.difference());
    }

    @Test
    void mcNemarExactByHand() {
        assertThat(PairedComparison.mcNemarExact(0, 0)).isEqualTo(1.0);
        assertThat(PairedComparison.mcNemarExact(0, 5)).isCloseTo(2.0 / 32, within(1e-12));
        // 2 x P(X <= 3 | 10, 1/2) = 2 x (1 + 10 + 45 + 120) / 1024
        assertThat(PairedComparison.mcNemarExact(3, 7)).isCloseTo(2 * 176.0 / 1024, within(1e-12));
        assertThat(PairedComparison.mcNemarExact(7, 3)).isEqualTo(PairedComparison.mcNemarExact(3, 7));
        assertThat(PairedComparison.mcNemarExact(5, 5)).isEqualTo(1.0);
    }

    /** n items, all bought before the end (the first five by 10 customers, the rest by up to 5): head = ceil(1% of n). */
    private static Interactions wideLog(int n) {
        io.recolab.data.InteractionsBuilder b = new io.recolab.data.InteractionsBuilder();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < Math.min(n - i, 5) + (i < 5 ? 5 : 0); c++) {
                b.add("c" + c, "i" + i, i);
            }
        }
        return b.build();
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
