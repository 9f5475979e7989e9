package io.recolab.eval;

import io.recolab.data.Interactions;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;

import java.util.BitSet;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * Runs the protocol on one log: the cutoffs and evaluated customers are computed once and shared by every
 * recommender evaluated here. Each recommender is trained per cutoff on the data before it only, and
 * recommends k items per evaluated customer through the shared top-N step (owned items excluded).
 */
public final class Evaluation {
    static final int RESAMPLES = 1000;
    static final long SEED = 20_030_101L;

    private final Interactions log;
    private final Protocol protocol;
    private final List<Targets> targets;

    public Evaluation(Interactions log, Protocol protocol, long[] cutoffTimes) {
        this.log = log;
        this.protocol = protocol;
        this.targets = protocol.targets(log, cutoffTimes);
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

    public EvaluationResult run(String name, Recommender recommender) {
        return run(name, recommender, fraction -> { });
    }

    /** As {@link #run(String, Recommender)}, telling {@code progress} the share of cutoffs done (0..1). */
    public EvaluationResult run(String name, Recommender recommender, DoubleConsumer progress) {
        int k = protocol.k();
        int pairs = targets.stream().mapToInt(Targets::size).sum();
        byte[] hit = new byte[pairs];
        double[] recall = new double[pairs];
        double[] ndcg = new double[pairs];
        BitSet recommendedItems = new BitSet(log.itemCount());
        long trainNanos = 0;
        long recommendNanos = 0;
        int base = 0;
        for (Targets t : targets) {
            long start = System.nanoTime();
            Recommendations recommendations = Recommendations.train(recommender, log.before(t.cutoff()));
            long trained = System.nanoTime();
            int[][] lists = new int[t.size()][];
            int offset = base;
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
            });
            recommendNanos += System.nanoTime() - trained;
            trainNanos += trained - start;
            for (int[] list : lists) {
                for (int item : list) {
                    recommendedItems.set(item);
                }
            }
            base += t.size();
            progress.accept((double) base / Math.max(1, pairs));
        }
        int hits = 0;
        double recallSum = 0;
        double ndcgSum = 0;
        for (int i = 0; i < pairs; i++) {
            hits += hit[i];
            recallSum += recall[i];
            ndcgSum += ndcg[i];
        }
        double[] ci = Bootstrap.proportionInterval(hits, pairs, 0.95, RESAMPLES, SEED);
        double n = Math.max(1, pairs);
        return new EvaluationResult(name, targets.size(), pairs, hits / n, ci[0], ci[1], recallSum / n, ndcgSum / n,
                (double) recommendedItems.cardinality() / Math.max(1, log.itemCount()), trainNanos / 1e9,
                recommendNanos / 1e9);
    }
}
