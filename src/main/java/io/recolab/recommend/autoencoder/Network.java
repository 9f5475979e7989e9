package io.recolab.recommend.autoencoder;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The weights of the autoencoder, and the forward pass:
 * <pre>
 *   h      = tanh(W1' x + b1)                       x: sparse input (inputs), h: the bottleneck (hidden)
 *   s      = v + T h                                 per-customer scales of the item trend features
 *   z_i    = W2_i . h + b2_i + sum_f s_f trend_fi    one logit per item; softmax(z) = next-item distribution
 * </pre>
 * The trend term lets the network mix the popularity trend (recent distinct buyers per item, Snapshot) into
 * its output with weights it learns per customer: an ensemble with the bestseller list inside the network.
 * Layouts keep the long loops contiguous and auto-vectorisable: W1 row j (one input) holds its H weights,
 * W2 row k (one hidden unit) holds its I item weights, so the output layer is H "axpy" loops over items.
 * The same class holds gradients (an all-zero twin, {@link #zerosLike()}).
 */
final class Network {
    final int inputs;
    final int hidden;
    final int items;
    final int features;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float[] b2;
    final float[] trendBias;
    final float[] trendWeights;

    Network(int inputs, int hidden, int items, int features) {
        if (inputs < 1 || hidden < 1 || items < 1 || features < 0) {
            throw new IllegalArgumentException("bad network dims: inputs " + inputs + ", hidden " + hidden
                    + ", items " + items + ", features " + features);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.items = items;
        this.features = features;
        this.w1 = new float[Math.multiplyExact(inputs, hidden)];
        this.b1 = new float[hidden];
        this.w2 = new float[Math.multiplyExact(hidden, items)];
        this.b2 = new float[items];
        this.trendBias = new float[features];
        this.trendWeights = new float[features * hidden];
    }

    /** Glorot-uniform weights (Glorot and Bengio 2010), zero biases, from {@code seed}. */
    static Network initialized(int inputs, int hidden, int items, int features, long seed) {
        Network n = new Network(inputs, hidden, items, features);
        SplittableRandom random = new SplittableRandom(seed);
        fill(n.w1, Math.sqrt(6.0 / (inputs + hidden)), random);
        fill(n.w2, Math.sqrt(6.0 / (hidden + items)), random);
        fill(n.trendWeights, 0.01, random);
        if (features > 1) {
            n.trendBias[1] = 1; // start from the bestseller list: softmax proportional to (1 + recent buyers)
        }
        return n;
    }

    Network zerosLike() {
        return new Network(inputs, hidden, items, features);
    }

    /** Every parameter array, in a fixed order (persistence, the optimiser, gradient sums). */
    List<float[]> parameters() {
        return List.of(w1, b1, w2, b2, trendBias, trendWeights);
    }

    long parameterCount() {
        long n = 0;
        for (float[] p : parameters()) {
            n += p.length;
        }
        return n;
    }

    /** h = tanh(W1' x + b1) for a sparse x of {@code nnz} entries. */
    void hidden(int[] index, float[] value, int nnz, float[] h) {
        int hd = hidden;
        System.arraycopy(b1, 0, h, 0, hd);
        for (int e = 0; e < nnz; e++) {
            float x = value[e];
            int row = index[e] * hd;
            for (int k = 0; k < hd; k++) {
                h[k] += x * w1[row + k];
            }
        }
        for (int k = 0; k < hd; k++) {
            h[k] = (float) Math.tanh(h[k]);
        }
    }

    /** Trend scales s = v + T h (length features). */
    void trendScales(float[] h, float[] s) {
        for (int f = 0; f < features; f++) {
            float sum = trendBias[f];
            int row = f * hidden;
            for (int k = 0; k < hidden; k++) {
                sum += trendWeights[row + k] * h[k];
            }
            s[f] = sum;
        }
    }

    /** Logits z of every item given the bottleneck h, trend scales s and the snapshot's trend features. */
    void logits(float[] h, float[] s, float[] trend, float[] z) {
        int n = items;
        System.arraycopy(b2, 0, z, 0, n);
        for (int k = 0; k < hidden; k++) {
            float hk = h[k];
            int row = k * n;
            for (int i = 0; i < n; i++) {
                z[i] += hk * w2[row + i];
            }
        }
        for (int f = 0; f < features; f++) {
            float sf = s[f];
            int row = f * n;
            for (int i = 0; i < n; i++) {
                z[i] += sf * trend[row + i];
            }
        }
    }

    private static void fill(float[] a, double limit, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }
}
