package io.recolab.recommend.autoencoder;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One example's scratch in {@link Backprop}: its input, activations, logits (then their gradient, in place)
 * and the hidden layer's gradient; the per-example half of the forward and backward passes.
 */
final class Lane {
    final float[] h;
    final float[] s;
    final float[] dh;
    final float[] z;
    int[] index = new int[256];
    float[] value = new float[256];
    int nnz;
    Snapshot snap;
    int example;
    double logSum;

    Lane(Network net) {
        h = new float[net.hidden];
        s = new float[net.features];
        dh = new float[net.hidden];
        z = new float[net.items];
    }

    void idle() {
        Arrays.fill(h, 0f);
        Arrays.fill(s, 0f);
        snap = null;
        nnz = 0;
    }

    /** The example's input; for a leave-out example without its target items. */
    void input(Examples examples, int e) {
        example = e;
        snap = examples.snapshots().get(examples.snapshot()[e]);
        int c = examples.customer()[e];
        int need = 2 * snap.historySize(c);
        if (index.length < need) {
            index = new int[need];
            value = new float[need];
        }
        nnz = snap.input(c, index, value);
        if (examples.leaveOut()[e]) {
            int kept = 0;
            int items = snap.items();
            for (int j = 0; j < nnz; j++) {
                if (!isTarget(examples, e, index[j] % items)) {
                    index[kept] = index[j];
                    value[kept++] = value[j];
                }
            }
            nnz = kept;
        }
    }

    /** Inverted dropout (Srivastava et al. 2014) on the input entries. */
    void dropout(double rate, SplittableRandom random) {
        float keep = (float) (1 / (1 - rate));
        int kept = 0;
        for (int j = 0; j < nnz; j++) {
            if (random.nextDouble() >= rate) {
                index[kept] = index[j];
                value[kept++] = value[j] * keep;
            }
        }
        nnz = kept;
    }

    /** Masks z, returns the loss and leaves log-sum-exp of the unmasked logits in {@link #logSum}. */
    double maskedLoss(Examples examples, boolean setLoss) {
        int e = example;
        boolean[] known = snap.known;
        for (int i = 0; i < z.length; i++) {
            if (!known[i]) {
                z[i] = Float.NEGATIVE_INFINITY;
            }
        }
        if (examples.maskOwned()) {
            int c = examples.customer()[e];
            boolean leaveOut = examples.leaveOut()[e];
            for (int x = snap.owned.start(c); x < snap.owned.end(c); x++) {
                int item = snap.owned.item(x);
                if (!leaveOut || !isTarget(examples, e, item)) {
                    z[item] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            if (v != Float.NEGATIVE_INFINITY) {
                sum += Math.exp(v - max);
            }
        }
        logSum = Math.log(sum) + max;
        int from = examples.offsets()[e];
        int to = examples.offsets()[e + 1];
        if (setLoss) {
            double mass = 0;
            for (int t = from; t < to; t++) {
                mass += Math.exp(z[examples.targets()[t]] - logSum);
            }
            return -Math.log(mass);
        }
        double loss = 0;
        for (int t = from; t < to; t++) {
            loss -= (z[examples.targets()[t]] - logSum) / (to - from);
        }
        return loss;
    }

    /** Loss (times the snapshot's weight); z becomes weight x (softmax(z) - y). */
    double gradientOfLogits(Examples examples, boolean setLoss) {
        double loss = maskedLoss(examples, setLoss);
        float shift = (float) logSum;
        for (int i = 0; i < z.length; i++) {
            float v = z[i];
            z[i] = v == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(v - shift);
        }
        int from = examples.offsets()[example];
        int to = examples.offsets()[example + 1];
        if (setLoss) {
            // d(-log P_T)/dz_i = p_i - [i in T] p_i / P_T: the targets share the pull by how likely each is
            float mass = 0;
            for (int t = from; t < to; t++) {
                mass += z[examples.targets()[t]];
            }
            for (int t = from; t < to; t++) {
                int item = examples.targets()[t];
                z[item] -= z[item] / mass;
            }
        } else {
            float y = 1f / (to - from);
            for (int t = from; t < to; t++) {
                z[examples.targets()[t]] -= y;
            }
        }
        float weight = snap.weight;
        if (weight != 1f) {
            for (int i = 0; i < z.length; i++) {
                z[i] *= weight;
            }
        }
        return loss * weight;
    }

    /** Given dh = W2 g, the trend and input layers' gradients. */
    void backwardToInput(Network net, Network grad) {
        int n = net.items;
        int hd = net.hidden;
        for (int f = 0; f < net.features; f++) {
            int row = f * n;
            float sum = 0;
            for (int i = 0; i < n; i++) {
                sum += snap.trend[row + i] * z[i];
            }
            grad.trendBias[f] += sum;
            int wrow = f * hd;
            for (int k = 0; k < hd; k++) {
                grad.trendWeights[wrow + k] += sum * h[k];
                dh[k] += sum * net.trendWeights[wrow + k];
            }
        }
        for (int k = 0; k < hd; k++) {
            dh[k] *= 1 - h[k] * h[k];
            grad.b1[k] += dh[k];
        }
        float[] dw1 = grad.w1;
        for (int j = 0; j < nnz; j++) {
            float x = value[j];
            int row = index[j] * hd;
            for (int k = 0; k < hd; k++) {
                dw1[row + k] += x * dh[k];
            }
        }
    }

    private static boolean isTarget(Examples examples, int e, int item) {
        return Arrays.binarySearch(examples.targets(), examples.offsets()[e], examples.offsets()[e + 1], item) >= 0;
    }
}
