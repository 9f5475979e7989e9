package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Backpropagation against central finite differences on a tiny network, for both kinds of examples. */
class GradientCheckTest {
    private static final Interactions LOG = Fixtures.trending(8, 45, 3);
    private static final AutoencoderConfig CONFIG = AutoencoderConfig.chronological().with("trainingCutoffs", "4")
            .with("strideDays", "4").with("validationShare", "0");

    @Test
    void chronologicalExamplesWithTrendFeatures() {
        Examples examples = ExampleSets.chronological(LOG, CONFIG).training();
        assertThat(examples.maskOwned()).isTrue();
        check(examples, Snapshot.FEATURES, false);
    }

    @Test
    void setLoss() {
        check(ExampleSets.chronological(LOG, CONFIG).training(), Snapshot.FEATURES, true);
    }

    @Test
    void leaveOutExamples() {
        Examples all = ExampleSets.chronological(LOG, CONFIG.with("leaveOutShare", "0.3")).training();
        int start = 0;
        while (!all.leaveOut()[start]) {
            start++;
        }
        int first = start;
        int n = all.size() - first;
        assertThat(n).isGreaterThanOrEqualTo(3);
        // The leave-out examples alone: targets are owned items, removed from the input, kept in the softmax.
        Examples leaveOut = new Examples(all.snapshots(), java.util.Arrays.copyOfRange(all.snapshot(), first, all.size()),
                java.util.Arrays.copyOfRange(all.customer(), first, all.size()),
                java.util.Arrays.stream(all.offsets(), first, all.size() + 1).map(o -> o - all.offsets()[first]).toArray(),
                java.util.Arrays.copyOfRange(all.targets(), all.offsets()[first], all.targets().length), true,
                java.util.Arrays.copyOfRange(all.leaveOut(), first, all.size()));
        check(leaveOut, Snapshot.FEATURES, false);
    }

    @Test
    void reconstructionExamplesWithoutTrend() {
        Snapshot now = Snapshot.at(LOG, LOG.horizon(), 14);
        Examples examples = ExampleSets.reconstruction(LOG, CONFIG, now).training();
        assertThat(examples.maskOwned()).isFalse();
        check(examples, 0, false);
    }

    private static void check(Examples examples, int features, boolean setLoss) {
        assertThat(examples.size()).isGreaterThanOrEqualTo(3);
        int items = LOG.itemCount();
        Network net = Network.initialized(2 * items, 4, items, features, 7);
        // Larger weights than Glorot's so that every term of the gradient matters.
        for (float[] p : net.parameters()) {
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] * 3 + 0.05f * (i % 7 - 3);
            }
        }
        Backprop analytic = new Backprop(net, setLoss);
        analytic.train(examples, new int[] {0, 1, 2}, 0, 3, 0, 0, 0); // one group of three lanes and an idle one
        List<float[]> params = net.parameters();
        List<float[]> grads = analytic.gradient.parameters();
        SplittableRandom random = new SplittableRandom(11);
        int checked = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] w = params.get(p);
            for (int trial = 0; trial < Math.min(w.length, 25); trial++) {
                int i = p == 0 ? firstInputRow(examples, net) * net.hidden + random.nextInt(net.hidden)
                        : random.nextInt(w.length);
                float saved = w[i];
                float eps = 1e-2f;
                w[i] = saved + eps;
                double plus = loss(net, examples, setLoss);
                w[i] = saved - eps;
                double minus = loss(net, examples, setLoss);
                w[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                assertThat((double) grads.get(p)[i]).as("parameter array %d index %d", p, i)
                        .isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-3 + 2e-2 * Math.abs(numeric)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    /** An input row example 0 actually uses, so the W1 checks are not all zero gradients. */
    private static int firstInputRow(Examples examples, Network net) {
        int[] index = new int[2 * net.items];
        float[] value = new float[2 * net.items];
        Snapshot snap = examples.snapshots().get(examples.snapshot()[0]);
        int nnz = snap.input(examples.customer()[0], index, value);
        assertThat(nnz).isPositive();
        return index[nnz / 2];
    }

    private static double loss(Network net, Examples examples, boolean setLoss) {
        Backprop fresh = new Backprop(net, setLoss);
        double loss = 0;
        for (int e = 0; e < 3; e++) {
            loss += fresh.train(examples, e); // one lane at a time: the two paths must agree
        }
        return loss;
    }
}
