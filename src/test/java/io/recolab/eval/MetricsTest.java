package io.recolab.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void hitsRecallNdcg() {
        int[] relevant = {2, 5, 9};
        int[] recommended = {5, 7, 9};
        assertThat(Metrics.hits(recommended, relevant, 0, 3)).isEqualTo(2);
        assertThat(Metrics.recall(2, 3)).isCloseTo(2.0 / 3, within(1e-12));
        double dcg = 1 + 1 / 2.0; // ranks 1 and 3: 1/log2(2) + 1/log2(4)
        double ideal = 1 + 1 / LOG2_3 + 1 / 2.0;
        assertThat(Metrics.ndcg(recommended, 3, relevant, 0, 3)).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(Metrics.ndcg(new int[] {1}, 1, relevant, 0, 3)).isZero();
    }

    @Test
    void bootstrapIntervalIsSeededAndCoversTheEstimate() {
        double[] ci = Bootstrap.proportionInterval(300, 1000, 0.95, 1000, 7);
        assertThat(ci[0]).isBetween(0.26, 0.285);
        assertThat(ci[1]).isBetween(0.315, 0.34);
        assertThat(Bootstrap.proportionInterval(300, 1000, 0.95, 1000, 7)).containsExactly(ci);
        assertThat(Bootstrap.proportionInterval(0, 0, 0.95, 1000, 7)).containsExactly(0, 0);
    }
}
