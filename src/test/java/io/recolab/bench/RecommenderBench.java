package io.recolab.bench;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.data.LoadResult;
import io.recolab.eval.Evaluation;
import io.recolab.eval.EvaluationResult;
import io.recolab.eval.Protocol;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.RecommenderRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements for issue 5, run by hand (not a test):
 * <pre>
 *   mvn -q test-compile
 *   java -Xmx2g -cp target/classes:target/test-classes io.recolab.bench.RecommenderBench MODE [DATA...]
 * </pre>
 * MODE: {@code load} (load time and heap of each data set), {@code speed} (train + recommend 6 for every
 * customer at the last evaluation cutoff), {@code protocol} (hit@6 etc. of every recommender, CONTRACT
 * section 3), {@code tune} (variants on development cutoffs, see {@link Tuning}).
 * DATA defaults to the shared data sets.
 */
public final class RecommenderBench {
    static final String[] SHARED = {
        "online-retail:../shared/data/online-retail/online-retail.csv",
        "movielens:../shared/data/ml-100k/u.data"};

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "protocol";
        String[] data = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : SHARED;
        for (String spec : data) {
            switch (mode) {
                case "load" -> load(spec);
                case "speed" -> speed(spec);
                case "protocol" -> protocol(spec, RecommenderRegistry.defaults().names().stream()
                        .collect(LinkedHashMap::new, (m, n) -> m.put(n, RecommenderRegistry.defaults().create(n)),
                                Map::putAll), false);
                case "tune" -> protocol(spec, Tuning.variants(), true);
                case "grid" -> protocol(spec, Tuning.grid(), true);
                case "scale" -> scale(spec);
                case "variants" -> protocol(spec, Tuning.devSelectedVariants(), false);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    static void load(String spec) {
        DataSource source = DataSource.parse(spec);
        for (int rep = 0; rep < 5; rep++) {
            long before = usedAfterGc();
            long start = System.nanoTime();
            LoadResult result = source.load();
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedAfterGc();
            Interactions log = result.interactions();
            System.out.printf("load %s: %.3f s, kept %,d skipped %,d dropped %,d; %s; heap retained %.1f MB, estimate %.1f MB%n",
                    spec, seconds, result.kept(), result.skipped(), result.dropped(), log, (after - before) / 1e6,
                    log.estimatedBytes() / 1e6);
            log.customerItems();
            log.itemCustomers();
            System.out.printf("   with customer/item views: estimate %.1f MB, retained %.1f MB%n",
                    log.estimatedBytes() / 1e6, (usedAfterGc() - before) / 1e6);
        }
    }

    static void speed(String spec) {
        Interactions log = DataSource.parse(spec).load().interactions();
        long cutoff = Protocol.DEFAULT.cutoffTimes(log)[Protocol.DEFAULT.cutoffs() - 1];
        RecommenderRegistry registry = RecommenderRegistry.defaults();
        for (String name : registry.names()) {
            Recommender recommender = registry.create(name);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 8; rep++) {
                Interactions training = log.before(cutoff); // fresh cut: its derived views are rebuilt and timed
                long start = System.nanoTime();
                Recommendations recommendations = Recommendations.train(recommender, training);
                long trained = System.nanoTime();
                long checksum = java.util.stream.IntStream.range(0, training.customerCount()).parallel()
                        .mapToLong(c -> recommendations.top(c, 6).items().length).sum();
                long done = System.nanoTime();
                double total = (done - start) / 1e9;
                best = Math.min(best, total);
                if (rep >= 5) {
                    System.out.printf("speed %s %s: train %.3f s + recommend 6 x %,d customers %.3f s = %.3f s (%d items)%n",
                            spec.substring(0, spec.indexOf(':')), name, (trained - start) / 1e9,
                            training.customerCount(), (done - trained) / 1e9, total, checksum);
                }
            }
            System.out.printf("speed %s %s: best of 8 = %.3f s%n", spec.substring(0, spec.indexOf(':')), name, best);
        }
    }

    /** How the work of item-to-item and user-based grows with the number of customers (synthetic data). */
    static void scale(String spec) {
        Interactions log = DataSource.parse(spec).load().interactions();
        long cutoff = Protocol.DEFAULT.cutoffTimes(log)[Protocol.DEFAULT.cutoffs() - 1];
        io.recolab.data.CustomerItems m = log.before(cutoff).customerItems();
        io.recolab.data.Csr buyers = log.before(cutoff).itemCustomers();
        long pairWork = 0;
        long neighbourWork = 0;
        for (int c = 0; c < m.customers(); c++) {
            pairWork += (long) m.size(c) * m.size(c);
        }
        for (int i = 0; i < buyers.rows(); i++) {
            neighbourWork += (long) buyers.size(i) * buyers.size(i);
        }
        System.out.printf("scale %s: %,d pairs; item-to-item build touches sum_c |c|^2 = %,d; user-based for all"
                + " customers touches sum_i |buyers(i)|^2 = %,d%n", spec, m.pairs(), pairWork, neighbourWork);
        for (String name : new String[] {"item-to-item", "user-based"}) {
            Recommender recommender = RecommenderRegistry.defaults().create(name);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 4; rep++) {
                Interactions training = log.before(cutoff);
                long start = System.nanoTime();
                Recommendations recommendations = Recommendations.train(recommender, training);
                java.util.stream.IntStream.range(0, training.customerCount()).parallel()
                        .forEach(c -> recommendations.top(c, 6));
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            System.out.printf("scale %s %s: train + 6 recs for all %,d customers, best of 4 = %.3f s%n", spec, name,
                    log.customerCount(), best);
        }
    }

    static void protocol(String spec, Map<String, Recommender> recommenders, boolean development) {
        Interactions log = DataSource.parse(spec).load().interactions();
        Evaluation evaluation = development ? Evaluation.development(log, Protocol.DEFAULT)
                : Evaluation.of(log, Protocol.DEFAULT);
        System.out.printf("%n%s %s cutoffs, %,d evaluated pairs%n", spec, development ? "DEVELOPMENT" : "evaluation",
                evaluation.targets().stream().mapToInt(t -> t.size()).sum());
        System.out.printf("%-44s %7s %17s %9s %8s %8s %7s %7s%n", "recommender", "hit@6", "95% CI", "recall@6",
                "ndcg@6", "coverage", "train", "recomm");
        for (Map.Entry<String, Recommender> e : recommenders.entrySet()) {
            EvaluationResult r = evaluation.run(e.getKey(), e.getValue());
            System.out.printf("%-44s %7.4f [%.4f, %.4f] %9.4f %8.4f %8.4f %6.2fs %6.2fs%n", r.recommender(), r.hitAtK(),
                    r.hitCiLow(), r.hitCiHigh(), r.recallAtK(), r.ndcgAtK(), r.coverage(), r.trainSeconds(),
                    r.recommendSeconds());
        }
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
