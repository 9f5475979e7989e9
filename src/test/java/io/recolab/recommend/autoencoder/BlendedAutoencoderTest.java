package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.data.InteractionsBuilder;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.tuning.TemporalValidation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BlendedAutoencoderTest {
    private static final long DAY = Fixtures.DAY;

    @Test
    void theGridCoversTheSimplexInTenthsNetworkFirst() {
        List<double[]> grid = BlendedAutoencoder.grid();
        assertThat(grid).hasSize(66);
        assertThat(grid.get(0)).containsExactly(1, 0, 0);
        Set<String> distinct = new HashSet<>();
        for (double[] w : grid) {
            assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-9));
            distinct.add(java.util.Arrays.toString(w));
        }
        assertThat(distinct).hasSize(66);
    }

    /** On the planted trend the blend is chosen on the last 14 days and reports the choice. */
    @Test
    void choosesWeightsOnTheLastWindowAndSaysSo() {
        Interactions log = Fixtures.trending(60, 90, 3);
        BlendedAutoencoder blend = new BlendedAutoencoder(Fixtures.quick(AutoencoderConfig.chronological()),
                TrainingListener.NONE);
        TrainedModel model = blend.train(log);
        assertThat(model.settings()).startsWith("network/i2i/popularity=").contains("validation customers")
                .contains("alone network=");
        float[] scores = new float[log.itemCount()];
        model.score(0, scores);
        float max = 0;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        assertThat(max).isGreaterThan(0f).isLessThanOrEqualTo(1.0001f); // components scaled to 1, weights sum to 1
    }

    /** Too few customers in the last 14 days: a wider window picks one component, or popularity when none fits. */
    @Test
    void thinValidationFallsBackToAWiderWindowOrPopularity() {
        InteractionsBuilder b = new InteractionsBuilder();
        // 30 customers active over 60 days, then only 3 customers in the last 14 days.
        for (int c = 0; c < 30; c++) {
            for (int k = 0; k < 4; k++) {
                b.add("c" + c, "i" + ((c + k * 7) % 25), (long) (c % 40 + k * 5) * DAY);
            }
        }
        for (int c = 0; c < 3; c++) {
            b.add("c" + c, "late" + c, 75 * DAY);
        }
        Interactions log = b.build();
        BlendedAutoencoder blend = new BlendedAutoencoder(Fixtures.quick(AutoencoderConfig.chronological()),
                TrainingListener.NONE);
        BlendedAutoencoder.Choice choice = blend.choose(log);
        assertThat(choice.how()).satisfiesAnyOf(
                how -> assertThat(how).startsWith("single component"),
                how -> assertThat(how).startsWith("recent popularity"));
        assertThat(choice.weights()).satisfiesAnyOf(
                w -> assertThat(w).containsExactly(1, 0, 0),
                w -> assertThat(w).containsExactly(0, 1, 0),
                w -> assertThat(w).containsExactly(0, 0, 1));

        Interactions tiny = new InteractionsBuilder().add("a", "x", 0).add("a", "y", DAY).add("b", "x", 2 * DAY).build();
        BlendedAutoencoder.Choice none = blend.choose(tiny);
        assertThat(none.weights()).containsExactly(0, 0, 1);
        assertThat(none.how()).startsWith("recent popularity").contains("fewer than " + TemporalValidation.MIN_CUSTOMERS);
    }

    @Test
    void popularityRanksNewCustomersOfTheLastWeekFirst() {
        Interactions log = new InteractionsBuilder()
                .add("a", "old", 0).add("b", "old", DAY).add("c", "old", 2 * DAY)
                .add("a", "fresh", 30 * DAY).add("b", "fresh", 31 * DAY)
                .add("c", "x", 31 * DAY).build();
        float[] scores = new float[log.itemCount()];
        BlendedAutoencoder.popularity(log).score(0, scores);
        int fresh = log.items().index("fresh");
        int old = log.items().index("old");
        assertThat(scores[fresh]).isGreaterThan(scores[old]);
    }
}
