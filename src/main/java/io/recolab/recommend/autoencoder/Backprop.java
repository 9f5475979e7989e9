package io.recolab.recommend.autoencoder;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One thread's share of a mini-batch: forward pass, multinomial log-likelihood loss and its gradient
 * (Mult-DAE, Liang et al. 2018), summed into this worker's own gradient buffer. The loss of an example is
 * -sum_{i in targets} y_i log softmax(z)_i with y uniform over its targets (each customer weighs the same,
 * as in hit@k); masked items (unknown, or owned when predicting new items) are out of the softmax.
 * The gradient w.r.t. the logits is softmax(z) - y. All scratch space is preallocated: no allocation per
 * example or per item.
 */
final class Backprop {
    final Network gradient;
    private final Network net;
    private final float[] h;
    private final float[] s;
    private final float[] dh;
    private final float[] ds;
    private final float[] z;
    private double logSum;
    private int[] index = new int[256];
    private float[] value = new float[256];

    private final boolean setLoss;

    Backprop(Network net) {
        this(net, false);
    }

    /**
     * @param setLoss use -log P(next item in targets) = -log sum_{t in T} softmax(z)_t (the probability that
     *                the customer's next item is any of the targets) instead of the mean over targets
     */
    Backprop(Network net, boolean setLoss) {
        this.setLoss = setLoss;
        this.net = net;
        this.gradient = net.zerosLike();
        this.h = new float[net.hidden];
        this.s = new float[net.features];
        this.dh = new float[net.hidden];
        this.ds = new float[net.features];
        this.z = new float[net.items];
    }

    /** Adds example e's gradient to {@link #gradient} and returns its loss. */
    double train(Examples examples, int e, double dropout, SplittableRandom random) {
        int nnz = input(examples, e);
        if (dropout > 0) {
            float keep = (float) (1 / (1 - dropout));
            int kept = 0;
            for (int j = 0; j < nnz; j++) {
                if (random.nextDouble() >= dropout) {
                    index[kept] = index[j];
                    value[kept++] = value[j] * keep;
                }
            }
            nnz = kept;
        }
        Snapshot snap = examples.snapshots().get(examples.snapshot()[e]);
        double loss = softmaxGradient(examples, e, snap, nnz);
        backward(examples, e, snap, nnz);
        return loss;
    }

    /** Loss of example e without dropout and whether one of the k best unmasked items is a target. */
    double evaluate(Examples examples, int e, int k, io.recolab.recommend.TopK top, boolean[] hit) {
        int nnz = input(examples, e);
        Snapshot snap = examples.snapshots().get(examples.snapshot()[e]);
        double loss = softmaxGradient(examples, e, snap, nnz);
        top.reset(k);
        for (int i = 0; i < z.length; i++) {
            if (z[i] != Float.NEGATIVE_INFINITY) {
                top.offer(i, z[i]);
            }
        }
        int[] best = new int[k];
        int n = top.drain(best, null, 0);
        hit[0] = false;
        for (int r = 0; r < n && !hit[0]; r++) {
            hit[0] = Arrays.binarySearch(examples.targets(), examples.offsets()[e], examples.offsets()[e + 1],
                    best[r]) >= 0;
        }
        return loss;
    }

    private int input(Examples examples, int e) {
        Snapshot snap = examples.snapshots().get(examples.snapshot()[e]);
        int c = examples.customer()[e];
        int need = 2 * snap.historySize(c);
        if (index.length < need) {
            index = new int[need];
            value = new float[need];
        }
        int nnz = snap.input(c, index, value);
        if (examples.leaveOut()[e]) {
            int kept = 0;
            int items = snap.items();
            for (int j = 0; j < nnz; j++) {
                int item = index[j] % items;
                if (Arrays.binarySearch(examples.targets(), examples.offsets()[e], examples.offsets()[e + 1], item) < 0) {
                    index[kept] = index[j];
                    value[kept++] = value[j];
                }
            }
            nnz = kept;
        }
        return nnz;
    }

    /** Forward pass; leaves the masked logits in z (-inf when masked) and softmax(z) - y in z's place later. */
    private double softmaxGradient(Examples examples, int e, Snapshot snap, int nnz) {
        net.hidden(index, value, nnz, h);
        net.trendScales(h, s);
        net.logits(h, s, snap.trend, z);
        mask(examples, e, snap);
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
        double logSum = Math.log(sum) + max;
        this.logSum = logSum;
        int from = examples.offsets()[e];
        int to = examples.offsets()[e + 1];
        if (setLoss) {
            double mass = 0;
            for (int t = from; t < to; t++) {
                mass += Math.exp(z[examples.targets()[t]] - logSum);
            }
            return -Math.log(mass);
        }
        double y = 1.0 / (to - from);
        double loss = 0;
        for (int t = from; t < to; t++) {
            loss -= y * (z[examples.targets()[t]] - logSum);
        }
        return loss;
    }

    private void mask(Examples examples, int e, Snapshot snap) {
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
                if (!leaveOut || Arrays.binarySearch(examples.targets(), examples.offsets()[e],
                        examples.offsets()[e + 1], item) < 0) {
                    z[item] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** z holds masked logits; turns them into g = softmax - y and backpropagates into the gradient. */
    private void backward(Examples examples, int e, Snapshot snap, int nnz) {
        int n = net.items;
        int hd = net.hidden;
        float shift = (float) logSum;
        for (int i = 0; i < n; i++) {
            float v = z[i];
            z[i] = v == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(v - shift);
        }
        int from = examples.offsets()[e];
        int to = examples.offsets()[e + 1];
        if (setLoss) {
            // d(-log sum_{t in T} p_t)/dz_i = p_i - [i in T] p_i / P_T: the targets share the pull by how
            // likely each already is, so the easiest target is pushed to the top (what hit@k rewards).
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
        float[] g = z;
        Network grad = gradient;
        float[] db2 = grad.b2;
        for (int i = 0; i < n; i++) {
            db2[i] += g[i];
        }
        float[] w2 = net.w2;
        float[] dw2 = grad.w2;
        for (int k = 0; k < hd; k++) {
            int row = k * n;
            float hk = h[k];
            // dh_k = W2_k . g, four accumulators so the JIT can pipeline the reduction
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                a0 += w2[row + i] * g[i];
                a1 += w2[row + i + 1] * g[i + 1];
                a2 += w2[row + i + 2] * g[i + 2];
                a3 += w2[row + i + 3] * g[i + 3];
            }
            for (; i < n; i++) {
                a0 += w2[row + i] * g[i];
            }
            dh[k] = (a0 + a1) + (a2 + a3);
            for (i = 0; i < n; i++) {
                dw2[row + i] += hk * g[i];
            }
        }
        for (int f = 0; f < net.features; f++) {
            int row = f * n;
            float sum = 0;
            for (int i = 0; i < n; i++) {
                sum += snap.trend[row + i] * g[i];
            }
            ds[f] = sum;
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
}
