package io.recolab.bench;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.eval.Bootstrap;
import io.recolab.eval.Evaluation;
import io.recolab.eval.Metrics;
import io.recolab.eval.Protocol;
import io.recolab.data.Targets;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.recommend.autoencoder.AutoencoderConfig;
import io.recolab.recommend.autoencoder.ChronologicalAutoencoder;
import io.recolab.recommend.autoencoder.StaticAutoencoder;
import io.recolab.recommend.autoencoder.TrainingListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Issue 7 measurements, run by hand (not a test):
 * <pre>
 *   mvn -q test-compile
 *   java -Xmx2g -cp target/classes:target/test-classes:$(cat cp.txt) io.recolab.bench.AutoencoderBench \
 *       MODE DATA [ae.KEY=VALUE | static.KEY=VALUE | only=NAME,NAME | quiet] ...
 * </pre>
 * MODE {@code eval}: the protocol's evaluation cutoffs; {@code dev}: development cutoffs (the 4 windows before
 * the first evaluation cutoff, {@link Evaluation#development}), where the defaults were tuned. Prints hit@6
 * with the protocol's bootstrap interval, and for every recommender an exact McNemar test against bestseller
 * on the same (customer, cutoff) pairs.
 */
public final class AutoencoderBench {
    public static void main(String[] args) {
        String mode = args[0];
        Interactions log = DataSource.parse(args[1]).load().interactions();
        current = log;
        AutoencoderConfig chrono = AutoencoderConfig.chronological();
        AutoencoderConfig still = AutoencoderConfig.staticDefaults();
        List<String> only = null;
        TrainingListener listener = TrainingListener.LOG;
        for (int a = 2; a < args.length; a++) {
            String arg = args[a];
            if (arg.equals("quiet")) {
                listener = TrainingListener.NONE;
            } else if (arg.startsWith("only=")) {
                only = List.of(arg.substring(5).split(","));
            } else {
                String[] kv = arg.split("=", 2);
                if (kv[0].startsWith("ae.")) {
                    chrono = chrono.with(kv[0].substring(3), kv[1]);
                } else if (kv[0].startsWith("static.")) {
                    still = still.with(kv[0].substring(7), kv[1]);
                } else {
                    throw new IllegalArgumentException("bad argument " + arg);
                }
            }
        }
        if (mode.equals("speed")) {
            speed(log, chrono, still, listener);
            return;
        }
        Map<String, Recommender> recommenders = new LinkedHashMap<>();
        RecommenderRegistry registry = RecommenderRegistry.builtIn();
        for (String name : registry.names()) {
            if (!name.startsWith("autoencoder")) {
                recommenders.put(name, registry.create(name));
            }
        }
        recommenders.put("autoencoder-static", new StaticAutoencoder(still, listener));
        recommenders.put("autoencoder", new ChronologicalAutoencoder(chrono, listener));
        if (only != null) {
            recommenders.keySet().retainAll(only);
        }
        Evaluation evaluation = mode.equals("dev") ? Evaluation.development(log, Protocol.DEFAULT)
                : Evaluation.of(log, Protocol.DEFAULT);
        System.out.printf("%s %s cutoffs, %,d pairs; autoencoder %s; static %s%n", args[1], mode,
                evaluation.targets().stream().mapToInt(Targets::size).sum(), chrono.toMap(), still.toMap());
        System.out.printf("%-22s %7s %17s %9s %8s %8s %9s %11s%n", "recommender", "hit@6", "95% CI", "recall@6",
                "ndcg@6", "train", "vs best", "McNemar p");
        byte[] baseline = null;
        for (Map.Entry<String, Recommender> e : recommenders.entrySet()) {
            Runtime.getRuntime().gc();
            long start = System.nanoTime();
            double[] sums = new double[2];
            double[] trainSeconds = new double[1];
            byte[] hits = hits(evaluation, e.getValue(), sums, trainSeconds);
            int n = hits.length;
            int h = 0;
            for (byte b : hits) {
                h += b;
            }
            double[] ci = Bootstrap.proportionInterval(h, n, 0.95, 1000, 20_030_101L);
            if (baseline == null && e.getKey().equals("bestseller")) {
                baseline = hits;
            }
            String test = baseline == null || baseline == hits ? "" : mcnemar(hits, baseline);
            System.out.printf("%-22s %7.4f [%.4f, %.4f] %9.4f %8.4f %7.1fs %s   (%.0f s total)%n", e.getKey(),
                    (double) h / n, ci[0], ci[1], sums[0] / n, sums[1] / n, trainSeconds[0], test,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Training time of each model at the last evaluation cutoff, with the load average and the peak heap
     * (sum of the pools' peaks, reset before each model).
     */
    static void speed(Interactions log, AutoencoderConfig chrono, AutoencoderConfig still, TrainingListener listener) {
        long[] cutoffs = Protocol.DEFAULT.cutoffTimes(log);
        Interactions training = log.before(cutoffs[cutoffs.length - 1]);
        for (Recommender r : List.of(new ChronologicalAutoencoder(chrono, listener), new StaticAutoencoder(still, listener))) {
            Interactions fresh = log.before(cutoffs[cutoffs.length - 1]);
            System.gc();
            java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(p -> p.resetPeakUsage());
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long start = System.nanoTime();
            r.train(fresh);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("speed %s: train %.1f s at one cutoff (%,d interactions), peak heap %.0f MB, "
                    + "load average at start %.2f, max heap %.0f MB%n", r.getClass().getSimpleName(), seconds,
                    training.size(), peak / 1e6, load, Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    /** Per (customer, cutoff) pair, in Evaluation's order: was one of the 6 among the new items. */
    static byte[] hits(Evaluation evaluation, Recommender recommender, double[] recallNdcg, double[] trainSeconds) {
        List<byte[]> parts = new ArrayList<>();
        for (Targets t : evaluation.targets()) {
            long start = System.nanoTime();
            Recommendations r = Recommendations.train(recommender, logOf(evaluation).before(t.cutoff()));
            trainSeconds[0] += (System.nanoTime() - start) / 1e9;
            byte[] hit = new byte[t.size()];
            double[] recall = new double[t.size()];
            double[] ndcg = new double[t.size()];
            IntStream.range(0, t.size()).parallel().forEach(i -> {
                int[] items = r.top(t.customers()[i], 6).items();
                int hitsOf = Metrics.hits(items, t.newItems(), t.offsets()[i], t.offsets()[i + 1]);
                hit[i] = (byte) (hitsOf > 0 ? 1 : 0);
                recall[i] = Metrics.recall(hitsOf, t.offsets()[i + 1] - t.offsets()[i]);
                ndcg[i] = Metrics.ndcg(items, 6, t.newItems(), t.offsets()[i], t.offsets()[i + 1]);
            });
            for (int i = 0; i < t.size(); i++) {
                recallNdcg[0] += recall[i];
                recallNdcg[1] += ndcg[i];
            }
            parts.add(hit);
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static Interactions current;

    static Interactions logOf(Evaluation evaluation) {
        return current;
    }

    /** Exact two-sided McNemar test: discordant pairs b (only a hits), c (only baseline hits) ~ Bin(b + c, 1/2). */
    static String mcnemar(byte[] a, byte[] baseline) {
        int b = 0;
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            b += a[i] == 1 && baseline[i] == 0 ? 1 : 0;
            c += a[i] == 0 && baseline[i] == 1 ? 1 : 0;
        }
        int n = b + c;
        double tail = 0;
        int k = Math.min(b, c);
        for (int x = 0; x <= k; x++) {
            tail += Math.exp(logChoose(n, x) - n * Math.log(2));
        }
        double p = Math.min(1, 2 * tail);
        return String.format("+%d/-%d %11.2g", b, c, p);
    }

    static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
