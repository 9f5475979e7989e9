package io.recolab.eval;

import io.recolab.data.Targets;
import io.recolab.data.Interactions;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * Runs the protocol on one log: the cutoffs, the evaluated customers, the cold-start group and the popular
 * items are computed once and shared by every recommender evaluated here, so all recommenders are judged
 * on the same (customer, cutoff) pairs and can be compared pair by pair. Each recommender is trained per
 * cutoff on the data before it only (a fresh cut, so its timing includes building the cut's views), and
 * recommends k items per customer through the shared top-N step (owned items excluded). Cold-start
 * customers get the same trained model's answer (the bestseller fallback) and are kept apart.
 */
public final class Evaluation {
    public static final int RESAMPLES = 1000;
    public static final long SEED = 20_030_101L;
    static final double LEVEL = 0.95;

    private final Interactions log;
    private final Protocol protocol;
    private final List<Targets> targets;
    private final List<Targets> coldTargets;
    private final List<BitSet> popular;
    private final Clusters clusters;
    private final Clusters coldClusters;
    private final long seed;
    private final int resamples;

    public Evaluation(Interactions log, Protocol protocol, long[] cutoffTimes) {
        this(log, protocol, cutoffTimes, SEED, RESAMPLES);
    }

    /** @param seed seeds the bootstrap; the same seed gives the same intervals */
    public Evaluation(Interactions log, Protocol protocol, long[] cutoffTimes, long seed, int resamples) {
        if (resamples < 10) {
            throw new IllegalArgumentException("resamples must be >= 10, got " + resamples);
        }
        this.log = log;
        this.protocol = protocol;
        this.targets = protocol.targets(log, cutoffTimes);
        this.coldTargets = new ArrayList<>();
        this.popular = new ArrayList<>();
        for (long t : cutoffTimes) {
            coldTargets.add(protocol.coldStartTargets(log, t));
            popular.add(PopularItems.of(log.before(t), PopularItems.SHARE));
        }
        this.clusters = Clusters.of(targets, log.customerCount());
        this.coldClusters = Clusters.of(coldTargets, log.customerCount());
        this.seed = seed;
        this.resamples = resamples;
    }

    /** The contract's evaluation cutoffs. */
    public static Evaluation of(Interactions log, Protocol protocol) {
        return new Evaluation(log, protocol, protocol.cutoffTimes(log));
    }

    /** Development cutoffs, all windows before the first evaluation cutoff: tune here, report on {@link #of}. */
    public static Evaluation development(Interactions log, Protocol protocol) {
        return new Evaluation(log, protocol, protocol.cutoffTimes(log, protocol.cutoffs()));
    }

    public List<Targets> targets() {
        return targets;
    }

    /** The cold-start group per cutoff (no history before it, at least one interaction in the window). */
    public List<Targets> coldStartTargets() {
        return List.copyOf(coldTargets);
    }

    /** The top 1% items by distinct customers before cutoff number {@code index}. */
    public BitSet popularItems(int index) {
        return (BitSet) popular.get(index).clone();
    }

    public Protocol protocol() {
        return protocol;
    }

    public Interactions log() {
        return log;
    }

    public long seed() {
        return seed;
    }

    public int resamples() {
        return resamples;
    }

    /** The customer (cluster) of each evaluated pair, in the pair order of {@link RecommenderRun#hits()}. */
    public int[] pairClusters() {
        return clusters.ofPair.clone();
    }

    public int clusterCount() {
        return clusters.count;
    }

    public int pairs() {
        return clusters.ofPair.length;
    }

    public EvaluationResult run(String name, Recommender recommender) {
        return run(name, recommender, fraction -> { });
    }

    /** As {@link #run(String, Recommender)}, telling {@code progress} the share of cutoffs done (0..1). */
    public EvaluationResult run(String name, Recommender recommender, DoubleConsumer progress) {
        int cutoffs = targets.size();
        return evaluate(name, recommender, new Listener() {
            @Override
            public void finished(int cutoff) {
                progress.accept((double) (cutoff + 1) / Math.max(1, cutoffs));
            }
        }).result();
    }

    /** Hooks for progress reporting: called around each cutoff's training and recommending. */
    public interface Listener {
        default void training(int cutoff) {
        }

        default void finished(int cutoff) {
        }
    }

    /** Everything about one recommender: main rows, cold-start rows, popular share and per-pair hits. */
    public RecommenderRun evaluate(String name, Recommender recommender, Listener listener) {
        Group main = new Group(targets, clusters);
        Group cold = new Group(coldTargets, coldClusters);
        long trainNanos = 0;
        List<String> settings = new ArrayList<>();
        for (int c = 0; c < targets.size(); c++) {
            listener.training(c);
            long start = System.nanoTime();
            Recommendations recommendations = Recommendations.train(recommender, log.before(targets.get(c).cutoff()));
            trainNanos += System.nanoTime() - start;
            settings.add(recommendations.settings());
            main.recommend(c, recommendations, popular.get(c));
            cold.recommend(c, recommendations, popular.get(c));
            listener.finished(c);
        }
        return new RecommenderRun(main.result(name, trainNanos), main.popularShare(),
                cold.result(name, trainNanos), cold.popularShare(), main.hit.clone(), settings);
    }

    /** Per-pair outcomes of one recommender on one group of (customer, cutoff) pairs. */
    private final class Group {
        final List<Targets> groupTargets;
        final Clusters groupClusters;
        final byte[] hit;
        final double[] recall;
        final double[] ndcg;
        final byte[] popularCount;
        final byte[] listLength;
        final BitSet recommended = new BitSet(log.itemCount());
        final int[] base;
        long recommendNanos;

        Group(List<Targets> groupTargets, Clusters groupClusters) {
            this.groupTargets = groupTargets;
            this.groupClusters = groupClusters;
            int pairs = groupClusters.ofPair.length;
            hit = new byte[pairs];
            recall = new double[pairs];
            ndcg = new double[pairs];
            popularCount = new byte[pairs];
            listLength = new byte[pairs];
            base = new int[groupTargets.size()];
            for (int c = 1; c < base.length; c++) {
                base[c] = base[c - 1] + groupTargets.get(c - 1).size();
            }
        }

        void recommend(int c, Recommendations recommendations, BitSet popularItems) {
            Targets t = groupTargets.get(c);
            int k = protocol.k();
            int offset = base[c];
            int[][] lists = new int[t.size()][];
            long start = System.nanoTime();
            IntStream.range(0, t.size()).parallel().forEach(i -> {
                Ranked ranked = recommendations.top(t.customers()[i], k);
                int[] items = ranked.items();
                lists[i] = items;
                int from = t.offsets()[i];
                int to = t.offsets()[i + 1];
                int hits = Metrics.hits(items, t.newItems(), from, to);
                hit[offset + i] = (byte) (hits > 0 ? 1 : 0);
                recall[offset + i] = Metrics.recall(hits, to - from);
                ndcg[offset + i] = Metrics.ndcg(items, k, t.newItems(), from, to);
                int head = 0;
                for (int item : items) {
                    if (popularItems.get(item)) {
                        head++;
                    }
                }
                popularCount[offset + i] = (byte) Math.min(head, Byte.MAX_VALUE);
                listLength[offset + i] = (byte) Math.min(items.length, Byte.MAX_VALUE);
            });
            recommendNanos += System.nanoTime() - start;
            for (int[] list : lists) {
                for (int item : list) {
                    recommended.set(item);
                }
            }
        }

        EvaluationResult result(String name, long trainNanos) {
            int pairs = hit.length;
            double[] hits = new double[pairs];
            double hitSum = 0;
            double recallSum = 0;
            double ndcgSum = 0;
            for (int i = 0; i < pairs; i++) {
                hits[i] = hit[i];
                hitSum += hit[i];
                recallSum += recall[i];
                ndcgSum += ndcg[i];
            }
            double[] ci = Bootstrap.clusteredMean(hits, groupClusters.ofPair, groupClusters.count, LEVEL, resamples,
                    seed);
            double n = Math.max(1, pairs);
            return new EvaluationResult(name, groupTargets.size(), pairs, hitSum / n, ci[0], ci[1], recallSum / n,
                    ndcgSum / n, (double) recommended.cardinality() / Math.max(1, log.itemCount()), trainNanos / 1e9,
                    recommendNanos / 1e9);
        }

        double popularShare() {
            long head = 0;
            long slots = 0;
            for (int i = 0; i < hit.length; i++) {
                head += popularCount[i];
                slots += listLength[i];
            }
            return slots == 0 ? 0 : (double) head / slots;
        }
    }

    /** Pairs grouped by customer for the bootstrap: clusters numbered in order of first appearance. */
    private record Clusters(int[] ofPair, int count) {
        static Clusters of(List<Targets> targets, int customers) {
            int pairs = targets.stream().mapToInt(Targets::size).sum();
            int[] clusterOfCustomer = new int[customers];
            Arrays.fill(clusterOfCustomer, -1);
            int[] ofPair = new int[pairs];
            int count = 0;
            int p = 0;
            for (Targets t : targets) {
                for (int customer : t.customers()) {
                    if (clusterOfCustomer[customer] < 0) {
                        clusterOfCustomer[customer] = count++;
                    }
                    ofPair[p++] = clusterOfCustomer[customer];
                }
            }
            return new Clusters(ofPair, count);
        }
    }
}
