package io.recolab.recommend.autoencoder;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with decoupled weight decay (AdamW, Loshchilov and Hutter 2019) on the weight
 * matrices, not on biases. Dense updates: every parameter moves every step, as in the paper.
 */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Network net;
    private final double learningRate;
    private final double weightDecay;
    private final float[][] m;
    private final float[][] v;
    private int step;

    private final boolean itemBias;

    Adam(Network net, double learningRate, double weightDecay, boolean itemBias) {
        this.itemBias = itemBias;
        this.net = net;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        List<float[]> params = net.parameters();
        m = new float[params.size()][];
        v = new float[params.size()][];
        for (int p = 0; p < params.size(); p++) {
            m[p] = new float[params.get(p).length];
            v[p] = new float[params.get(p).length];
        }
    }

    /** Starts a step; then {@link #update} every part (possibly in parallel). */
    void nextStep() {
        step++;
    }

    /**
     * Updates part {@code part} of {@code parts} (a contiguous range of each parameter array) along
     * {@code gradient}, which is already averaged over the batch.
     */
    void update(Network gradient, int part, int parts) {
        float lr = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step)));
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float eps = (float) EPSILON;
        List<float[]> params = net.parameters();
        List<float[]> grads = gradient.parameters();
        for (int p = 0; p < params.size(); p++) {
            float[] w = params.get(p);
            if (w == net.b2 && !itemBias) {
                continue;
            }
            float[] g = grads.get(p);
            float[] mp = m[p];
            float[] vp = v[p];
            boolean matrix = w == net.w1 || w == net.w2 || w == net.trendWeights;
            float decay = matrix ? (float) (1 - learningRate * weightDecay) : 1f;
            int from = (int) ((long) w.length * part / parts);
            int to = (int) ((long) w.length * (part + 1) / parts);
            for (int i = from; i < to; i++) {
                float gi = g[i];
                mp[i] = b1 * mp[i] + (1 - b1) * gi;
                vp[i] = b2 * vp[i] + (1 - b2) * gi * gi;
                w[i] = w[i] * decay - lr * mp[i] / ((float) Math.sqrt(vp[i]) + eps);
            }
        }
    }
}
