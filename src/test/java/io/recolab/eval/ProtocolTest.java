package io.recolab.eval;

import io.recolab.data.Targets;
import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Recommender;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProtocolTest {
    private static final long DAY = 86_400;
    private static final Protocol PROTOCOL = new Protocol(2, Duration.ofDays(1), 2);

    // items by index: w x y z; customers a b c d
    private final Interactions log = TestLogs.log(
            "a x " + DAY, "b x " + 2 * DAY,
            "a y " + (8 * DAY + DAY / 2),   // new for a in [8d, 9d)
            "b x " + (8 * DAY + DAY / 5),   // b already owns x: not new
            "c z " + (8 * DAY + DAY / 10),  // c has no history before 8d
            "c w " + (9 * DAY + DAY / 2),   // new for c in [9d, 10d)
            "a z " + (9 * DAY + 9 * DAY / 10),
            "d y " + 10 * DAY);             // the end: outside [9d, 10d)

    @Test
    void cutoffsCountBackFromTheLatestTimestamp() {
        assertThat(PROTOCOL.cutoffTimes(log)).containsExactly(8 * DAY, 9 * DAY);
        assertThat(PROTOCOL.cutoffTimes(log, 2)).containsExactly(6 * DAY, 7 * DAY);
        assertThat(Protocol.DEFAULT).isEqualTo(new Protocol(4, Duration.ofDays(14), 6));
    }

    @Test
    void evaluatedCustomersHaveHistoryAndANewItem() {
        Targets at8 = PROTOCOL.targets(log, 8 * DAY);
        assertThat(ids(at8.customers(), log)).containsExactly("a");
        assertThat(at8.newItemsOf(0)).containsExactly(log.items().index("y"));
        Targets at9 = PROTOCOL.targets(log, 9 * DAY);
        assertThat(ids(at9.customers(), log)).containsExactly("a", "c");
        assertThat(at9.newItemsOf(0)).containsExactly(log.items().index("z"));
        assertThat(at9.newItemsOf(1)).containsExactly(log.items().index("w"));
    }

    @Test
    void pooledMetricsOverCutoffs() {
        int y = log.items().index("y");
        int z = log.items().index("z");
        Recommender likesZThenY = training -> (customer, scores) -> {
            scores[z] += 2;
            scores[y] += 1;
        };
        EvaluationResult r = new Evaluation(log, PROTOCOL, PROTOCOL.cutoffTimes(log)).run("fake", likesZThenY);
        // 8d, a: [z, y], y new -> hit at rank 2.  9d, a: [z] (no fallback: w is first bought after 9d), z new -> hit at rank 1.
        // 9d, c: owns z -> [y, x] (fallback x), w new -> miss.
        assertThat(r.customers()).isEqualTo(3);
        assertThat(r.cutoffs()).isEqualTo(2);
        assertThat(r.hitAtK()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.recallAtK()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.ndcgAtK()).isCloseTo((1 / (Math.log(3) / Math.log(2)) + 1) / 3, within(1e-12));
        assertThat(r.coverage()).isEqualTo(0.75); // z, y, x of w x y z
        assertThat(r.hitCiLow()).isLessThanOrEqualTo(r.hitAtK());
        assertThat(r.hitCiHigh()).isGreaterThanOrEqualTo(r.hitAtK());
    }

    @Test
    void everyRegisteredRecommenderCopesWithEmptyAndTinyTrainingData() {
        io.recolab.recommend.RecommenderRegistry registry = io.recolab.recommend.RecommenderRegistry.defaults();
        // cutoffs -2d (empty training), 2d (one interaction, nobody evaluated) and 6d (a, new items y and z)
        Protocol longWindows = new Protocol(3, Duration.ofDays(4), 3);
        for (String name : registry.names()) {
            EvaluationResult r = Evaluation.of(log, longWindows).run(name, registry.create(name));
            assertThat(r.customers()).as(name).isEqualTo(1);
            assertThat(r.cutoffs()).as(name).isEqualTo(3);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new Protocol(0, Duration.ofDays(14), 6)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Protocol(4, Duration.ZERO, 6)).hasMessageContaining("PT0S");
    }

    private static String[] ids(int[] customers, Interactions log) {
        String[] out = new String[customers.length];
        for (int i = 0; i < customers.length; i++) {
            out[i] = log.customers().id(customers[i]);
        }
        return out;
    }
}
