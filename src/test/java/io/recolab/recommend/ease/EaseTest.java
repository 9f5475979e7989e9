package io.recolab.recommend.ease;

import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.recommend.TrainedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EaseTest {
    // X (6 customers x items a..d); reference: numpy 2.4,
    //   G = X.T @ X + 2 * I; P = np.linalg.inv(G); B = -P / np.diag(P); np.fill_diagonal(B, 0)
    private final Interactions log = TestLogs.baskets("c1: a b", "c2: a b c", "c3: b c", "c4: c d", "c5: a d", "c6: a b d");
    private static final double[][] B = {
            {0, 0.463414634146, -0.051282051282, 0.333333333333},
            {0.463414634146, 0, 0.333333333333, -0.051282051282},
            {-0.048780487805, 0.317073170732, 0, 0.153846153846},
            {0.317073170732, -0.048780487805, 0.153846153846, 0}};

    @Test
    void closedFormMatchesTheReference() {
        TrainedModel model = new Ease(2.0, 100, 100).train(log);
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < 4; i++) {
            // The diagonal of B is zero: having only item i gives i no score.
            Interactions one = TestLogs.baskets("c1: a b", "c2: a b c", "c3: b c", "c4: c d", "c5: a d", "c6: a b d",
                    "only: " + ids[i]);
            TrainedModel m = new Ease(2.0, 100, 100).train(one);
            float[] scores = new float[one.itemCount()];
            m.score(one.customers().index("only"), scores);
            assertThat(scores[one.items().index(ids[i])]).isZero();
        }
        float[] scores = new float[log.itemCount()];
        model.score(log.customers().index("c2"), scores); // has a, b, c
        double[] expected = new double[4];
        for (int j = 0; j < 4; j++) {
            expected[j] = B[0][j] + B[1][j] + B[2][j];
        }
        for (int j = 0; j < 4; j++) {
            assertThat((double) scores[log.items().index(String.valueOf((char) ('a' + j)))])
                    .isCloseTo(expected[j], within(1e-6)); // numpy: X[1] @ B = [0.41463, 0.78049, 0.28205, 0.43590]
        }
        assertThat(Recommendations.train(new Ease(2.0, 100, 100), log).top("c2", 1).itemIds(log.items()))
                .containsExactly("d");
    }

    @Test
    void pruningKeepsTheLargestWeightsAndLimitsTheItems() {
        TrainedModel model = new Ease(2.0, 100, 1).train(log);
        float[] scores = new float[log.itemCount()];
        model.score(log.customers().index("c4"), scores); // has c, d: rows c and d keep b (0.317) and a (0.317)
        assertThat((double) scores[log.items().index("b")]).isCloseTo(0.317073170732, within(1e-6));
        assertThat((double) scores[log.items().index("a")]).isCloseTo(0.317073170732, within(1e-6));
        assertThat(Ease.mostBought(log.customerItems(), log.itemCount(), 2))
                .containsExactly(log.items().index("a"), log.items().index("b")); // 4 customers each; c and d have 3
    }

    @Test
    void choosesLambdaInsideTheTrainingPeriodAndIsRegistered() {
        Interactions synthetic = SyntheticGenerator.generate(new SyntheticSpec(400, 150, 120, 7));
        Recommendations auto = Recommendations.train(RecommenderRegistry.builtIn().create("ease"), synthetic);
        assertThat(auto.top(0, 6).size()).isEqualTo(6);
        assertThatThrownBy(() -> new Ease(-1, 10, 10)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new Ease(Double.NaN, 0, 10)).hasMessageContaining("items");
    }
}
