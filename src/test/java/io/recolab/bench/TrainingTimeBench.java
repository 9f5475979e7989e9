package io.recolab.bench;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.eval.Protocol;
import io.recolab.recommend.RecommenderRegistry;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 25, item 4: training cost of the served {@code autoencoder} (the blend, with its temporal validation)
 * against {@code autoencoder-network} (the network alone, what {@code autoencoder} was before), and of the tuned
 * item-to-item, EASE and user-based, at the last evaluation cutoff. CPU seconds of the whole process (all threads,
 * GC and JIT included), not wall time: the 2-core machine is shared, and CPU time is what the load changes least.
 * Each repetition trains every recommender once, in alternating order; medians are printed.
 * <pre>
 *   bash src/test/resources/bench/run.sh io.recolab.bench.TrainingTimeBench 5 movielens:../shared/data/ml-100k/u.data [NAMES]
 * </pre>
 * NAMES: comma-separated recommenders (default autoencoder-network,autoencoder).
 */
public final class TrainingTimeBench {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String spec = args.length > 1 ? args[1] : "movielens:../shared/data/ml-100k/u.data";
        List<String> names = args.length > 2 ? List.of(args[2].split(",")) : List.of("autoencoder-network", "autoencoder");
        Interactions log = DataSource.parse(spec).load().interactions();
        long[] cutoffs = Protocol.DEFAULT.cutoffTimes(log);
        Interactions training = log.before(cutoffs[cutoffs.length - 1]);
        RecommenderRegistry registry = RecommenderRegistry.defaults();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] cpu = new double[names.size()][reps];
        double[][] wall = new double[names.size()][reps];
        for (int rep = 0; rep < reps; rep++) {
            List<Integer> order = new ArrayList<>();
            for (int n = 0; n < names.size(); n++) {
                order.add(rep % 2 == 0 ? n : names.size() - 1 - n);
            }
            for (int n : order) {
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                registry.create(names.get(n)).train(training);
                cpu[n][rep] = (os.getProcessCpuTime() - cpuStart) / 1e9;
                wall[n][rep] = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "rep %d %s: %.1f CPU s, %.1f wall s%n", rep + 1, names.get(n), cpu[n][rep],
                        wall[n][rep]);
            }
        }
        System.out.printf(Locale.ROOT, "%s, training before %s (%,d interactions), %d repetitions, medians:%n", spec,
                java.time.Instant.ofEpochSecond(cutoffs[cutoffs.length - 1]), training.size(), reps);
        for (int n = 0; n < names.size(); n++) {
            System.out.printf(Locale.ROOT, "  %-22s %7.1f CPU s (%s)  %7.1f wall s  x%.2f CPU of %s%n", names.get(n),
                    median(cpu[n]), range(cpu[n]), median(wall[n]), median(cpu[n]) / median(cpu[0]), names.get(0));
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String range(double[] values) {
        return String.format(Locale.ROOT, "%.1f-%.1f", Arrays.stream(values).min().orElse(0),
                Arrays.stream(values).max().orElse(0));
    }
}
