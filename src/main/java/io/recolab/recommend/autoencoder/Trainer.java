package io.recolab.recommend.autoencoder;

import io.recolab.recommend.TopK;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mini-batch training with Adam and early stopping on the validation loss (the weights of the best epoch
 * are kept). A batch is split into {@code threads} fixed slices, each summed into its own gradient buffer,
 * and the buffers are added in slice order, so a seed gives the same model on any machine and thread
 * timing; dropout draws come from (seed, epoch, example), not from a shared generator.
 */
final class Trainer {
    static final int K = 6;

    private final AutoencoderConfig config;
    private final TrainingListener listener;
    private final String name;
    private int bestEpoch;

    Trainer(AutoencoderConfig config, TrainingListener listener, String name) {
        this.config = config;
        this.listener = listener;
        this.name = name;
    }

    Network train(Network net, Examples training, Examples validation) {
        int threads = config.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(net, training, validation, pool, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The epoch whose weights {@link #train} kept (the last one when there is no validation set). */
    int bestEpoch() {
        return bestEpoch;
    }

    private Network run(Network net, Examples training, Examples validation, ExecutorService pool, int threads) {
        Backprop[] workers = new Backprop[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Backprop(net, config.setLoss());
        }
        Adam adam = new Adam(net, config.learningRate(), config.l2(), config.itemBias());
        List<float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        int n = training.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 1; epoch <= config.maxEpochs() && n > 0; epoch++) {
            long start = System.nanoTime();
            shuffle(order, new SplittableRandom(mix(config.seed(), epoch, -1)));
            double lossSum = 0;
            for (int from = 0; from < n; from += config.batchSize()) {
                int to = Math.min(n, from + config.batchSize());
                lossSum += batch(training, order, from, to, epoch, workers, adam, pool);
            }
            double[] val = validate(validation, workers, pool);
            boolean improved = val[0] < bestLoss || validation.size() == 0;
            if (improved) {
                bestLoss = val[0];
                bestEpoch = epoch;
                best = copy(net);
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            listener.epoch(new TrainingListener.EpochReport(name, epoch, config.maxEpochs(), n, lossSum / n, val[0],
                    val[1], improved, (System.nanoTime() - start) / 1e9));
            if (config.patience() > 0 && sinceBest >= config.patience()) {
                break;
            }
        }
        if (best != null) {
            List<float[]> params = net.parameters();
            for (int p = 0; p < params.size(); p++) {
                System.arraycopy(best.get(p), 0, params.get(p), 0, params.get(p).length);
            }
        }
        return net;
    }

    /** One Adam step on examples order[from, to); returns their summed loss. */
    private double batch(Examples examples, int[] order, int from, int to, int epoch, Backprop[] workers, Adam adam,
                         ExecutorService pool) {
        int parts = workers.length;
        List<Callable<Double>> tasks = new ArrayList<>(parts);
        for (int w = 0; w < parts; w++) {
            Backprop worker = workers[w];
            int lo = from + (to - from) * w / parts;
            int hi = from + (to - from) * (w + 1) / parts;
            tasks.add(() -> worker.train(examples, order, lo, hi, config.inputDropout(), config.seed(), epoch));
        }
        double loss = 0;
        for (double l : invokeAll(pool, tasks)) {
            loss += l;
        }
        float scale = 1f / (to - from);
        adam.nextStep();
        List<Callable<Double>> updates = new ArrayList<>(parts);
        for (int w = 0; w < parts; w++) {
            int part = w;
            updates.add(() -> {
                reduce(workers, scale, part, parts);
                adam.update(workers[0].gradient, part, parts);
                zero(workers[0].gradient, part, parts);
                return 0.0;
            });
        }
        invokeAll(pool, updates);
        return loss;
    }

    /** workers[0].gradient = scale x (sum of every worker's gradient, in worker order); zeroes the others. */
    private static void reduce(Backprop[] workers, float scale, int part, int parts) {
        List<float[]> total = workers[0].gradient.parameters();
        for (int p = 0; p < total.size(); p++) {
            float[] t = total.get(p);
            int from = (int) ((long) t.length * part / parts);
            int to = (int) ((long) t.length * (part + 1) / parts);
            for (int w = 1; w < workers.length; w++) {
                float[] g = workers[w].gradient.parameters().get(p);
                for (int i = from; i < to; i++) {
                    t[i] += g[i];
                    g[i] = 0f;
                }
            }
            for (int i = from; i < to; i++) {
                t[i] *= scale;
            }
        }
    }

    private static void zero(Network gradient, int part, int parts) {
        for (float[] t : gradient.parameters()) {
            java.util.Arrays.fill(t, (int) ((long) t.length * part / parts), (int) ((long) t.length * (part + 1) / parts), 0f);
        }
    }

    /** {mean loss, hit@6} over the validation examples (NaN when there are none). */
    private double[] validate(Examples validation, Backprop[] workers, ExecutorService pool) {
        int n = validation.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int parts = workers.length;
        List<Callable<Double>> tasks = new ArrayList<>(parts);
        int[] hits = new int[parts];
        for (int w = 0; w < parts; w++) {
            Backprop worker = workers[w];
            int part = w;
            tasks.add(() -> {
                TopK top = new TopK(K);
                boolean[] hit = new boolean[1];
                double loss = 0;
                for (int e = n * part / parts; e < n * (part + 1) / parts; e++) {
                    loss += worker.evaluate(validation, e, K, top, hit);
                    hits[part] += hit[0] ? 1 : 0;
                }
                return loss;
            });
        }
        double loss = 0;
        int hit = 0;
        List<Double> losses = invokeAll(pool, tasks);
        for (int w = 0; w < parts; w++) {
            loss += losses.get(w);
            hit += hits[w];
        }
        return new double[] {loss / n, (double) hit / n};
    }

    private static List<Double> invokeAll(ExecutorService pool, List<Callable<Double>> tasks) {
        try {
            List<Double> out = new ArrayList<>(tasks.size());
            for (Future<Double> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("autoencoder training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("autoencoder training failed: " + e.getCause(), e.getCause());
        }
    }

    private static List<float[]> copy(Network net) {
        List<float[]> out = new ArrayList<>();
        for (float[] p : net.parameters()) {
            out.add(p.clone());
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A seed for (seed, epoch, example): SplitMix64's finaliser over the three. */
    static long mix(long seed, int epoch, int example) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + example * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
