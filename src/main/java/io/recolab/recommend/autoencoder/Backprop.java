package io.recolab.recommend.autoencoder;

import io.recolab.recommend.TopK;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One thread's share of a mini-batch: forward pass, loss and gradient, summed into this worker's own
 * gradient buffer. The loss of an example is the multinomial log-likelihood of Mult-DAE (Liang et al. 2018),
 * -sum_{i in targets} y_i log softmax(z)_i with y uniform over its targets (each customer weighs the same,
 * as in hit@k), or with {@code setLoss} -log sum_{i in targets} softmax(z)_i; masked items (unknown, or
 * owned when predicting new items) are out of the softmax. The gradient w.r.t. the logits is softmax(z) - y.
 *
 * <p>Examples go through in groups of {@value #GROUP} ("lanes"): the output layer, which is most of the
 * work, then reads each row of W2 and of its gradient once per group instead of once per example (it is
 * memory-bound otherwise: W2 is hidden x items floats). All scratch space is preallocated.
 */
final class Backprop {
    static final int GROUP = 4;

    final Network gradient;
    private final Network net;
    private final boolean setLoss;
    private final Lane[] lanes = new Lane[GROUP];

    Backprop(Network net) {
        this(net, false);
    }

    Backprop(Network net, boolean setLoss) {
        this.net = net;
        this.setLoss = setLoss;
        this.gradient = net.zerosLike();
        for (int b = 0; b < GROUP; b++) {
            lanes[b] = new Lane(net);
        }
    }

    /** Adds example e's gradient to {@link #gradient} (no dropout) and returns its loss. */
    double train(Examples examples, int e) {
        return train(examples, new int[] {e}, 0, 1, 0, 0, 0);
    }

    /**
     * Adds the gradient of examples {@code order[from, to)} to {@link #gradient} and returns their summed loss.
     * Dropout draws for example e come from (seed, epoch, e), so they do not depend on which thread runs it.
     */
    double train(Examples examples, int[] order, int from, int to, double dropout, long seed, int epoch) {
        double loss = 0;
        for (int start = from; start < to; start += GROUP) {
            int count = Math.min(GROUP, to - start);
            for (int b = 0; b < GROUP; b++) {
                Lane lane = lanes[b];
                if (b < count) {
                    int e = order[start + b];
                    lane.input(examples, e);
                    if (dropout > 0) {
                        lane.dropout(dropout, new SplittableRandom(Trainer.mix(seed, epoch, e)));
                    }
                    net.hidden(lane.index, lane.value, lane.nnz, lane.h);
                    net.trendScales(lane.h, lane.s);
                } else {
                    lane.idle();
                }
            }
            logits();
            for (int b = 0; b < GROUP; b++) {
                if (b < count) {
                    loss += lanes[b].gradientOfLogits(examples, setLoss);
                } else {
                    Arrays.fill(lanes[b].z, 0f); // an idle lane contributes no gradient
                }
            }
            backward(count);
        }
        return loss;
    }

    /** Loss of example e without dropout; hit[0] = whether one of the k best unmasked items is a target. */
    double evaluate(Examples examples, int e, int k, TopK top, boolean[] hit) {
        Lane lane = lanes[0];
        lane.input(examples, e);
        net.hidden(lane.index, lane.value, lane.nnz, lane.h);
        net.trendScales(lane.h, lane.s);
        net.logits(lane.h, lane.s, lane.snap.trend, lane.z);
        double loss = lane.maskedLoss(examples, setLoss);
        float[] z = lane.z;
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

    /** z_b = b2 + trend term + W2' h_b for the four lanes, one pass over W2 (idle lanes have h = s = 0). */
    private void logits() {
        int n = net.items;
        float[] z0 = lanes[0].z, z1 = lanes[1].z, z2 = lanes[2].z, z3 = lanes[3].z;
        for (Lane lane : lanes) {
            System.arraycopy(net.b2, 0, lane.z, 0, n);
            for (int f = 0; f < net.features; f++) {
                float sf = lane.s[f];
                float[] trend = lane.snap == null ? null : lane.snap.trend;
                if (trend == null || sf == 0f) {
                    continue;
                }
                int row = f * n;
                float[] z = lane.z;
                for (int i = 0; i < n; i++) {
                    z[i] += sf * trend[row + i];
                }
            }
        }
        float[] w2 = net.w2;
        for (int k = 0; k < net.hidden; k++) {
            float h0 = lanes[0].h[k], h1 = lanes[1].h[k], h2 = lanes[2].h[k], h3 = lanes[3].h[k];
            int row = k * n;
            for (int i = 0; i < n; i++) {
                float w = w2[row + i];
                z0[i] += h0 * w;
                z1[i] += h1 * w;
                z2[i] += h2 * w;
                z3[i] += h3 * w;
            }
        }
    }

    /** Lanes hold g = dloss/dz in z (0 for idle lanes); backpropagates all of them into the gradient. */
    private void backward(int count) {
        int n = net.items;
        int hd = net.hidden;
        float[] g0 = lanes[0].z, g1 = lanes[1].z, g2 = lanes[2].z, g3 = lanes[3].z;
        float[] db2 = gradient.b2;
        for (int i = 0; i < n; i++) {
            db2[i] += (g0[i] + g1[i]) + (g2[i] + g3[i]);
        }
        float[] w2 = net.w2;
        float[] dw2 = gradient.w2;
        for (int k = 0; k < hd; k++) {
            int row = k * n;
            float h0 = lanes[0].h[k], h1 = lanes[1].h[k], h2 = lanes[2].h[k], h3 = lanes[3].h[k];
            // dh_b,k = W2_k . g_b: four independent reductions pipeline well
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int i = 0; i < n; i++) {
                float w = w2[row + i];
                a0 += w * g0[i];
                a1 += w * g1[i];
                a2 += w * g2[i];
                a3 += w * g3[i];
            }
            lanes[0].dh[k] = a0;
            lanes[1].dh[k] = a1;
            lanes[2].dh[k] = a2;
            lanes[3].dh[k] = a3;
            for (int i = 0; i < n; i++) {
                dw2[row + i] += (h0 * g0[i] + h1 * g1[i]) + (h2 * g2[i] + h3 * g3[i]);
            }
        }
        for (int b = 0; b < count; b++) {
            lanes[b].backwardToInput(net, gradient);
        }
    }
}
