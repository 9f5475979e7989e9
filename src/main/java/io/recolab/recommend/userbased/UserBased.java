package io.recolab.recommend.userbased;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TopK;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.tuning.TemporalValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * User-based CF: the k nearest customers by cosine between binary item vectors, found through the
 * inverted index item -> customers (only customers sharing an item are ever looked at); an item's
 * score is the sum of the similarities of the neighbours who bought it. Training only indexes the data;
 * the cost is paid per request: sum over the customer's items of their buyer counts, which grows with
 * both the number of customers and the popularity of what they buy (see docs/recommenders.md).
 */
public final class UserBased implements Recommender {
    /** The first candidate: kept when the training period is too short to validate a choice. */
    public static final int DEFAULT_NEIGHBOURS = 100;
    /** Candidates for k, chosen per training log by temporal validation (ties keep the earlier). */
    public static final List<Integer> NEIGHBOURS = List.of(DEFAULT_NEIGHBOURS, 50, 200, 20);
    private static final int AUTO = 0;
    private static final Logger LOG = LoggerFactory.getLogger(UserBased.class);

    private final int neighbours;

    /** k chosen per training log by {@link TemporalValidation} on its last 14 days, then refitted. */
    public UserBased() {
        this.neighbours = AUTO;
    }

    public UserBased(int neighbours) {
        if (neighbours < 1) {
            throw new IllegalArgumentException("user-based neighbours must be >= 1, got " + neighbours);
        }
        this.neighbours = neighbours;
    }

    @Override
    public TrainedModel train(Interactions training) {
        if (neighbours == AUTO) {
            TemporalValidation.Choice<Integer> choice = TemporalValidation.DEFAULT.choose(training, NEIGHBOURS, UserBased::new);
            String settings = choice.describe("k", String::valueOf);
            LOG.info("user-based: {}", settings);
            return TrainedModel.described(new UserBased(choice.chosen()).train(training), settings);
        }
        CustomerItems matrix = training.customerItems();
        Csr buyers = training.itemCustomers();
        int customers = matrix.customers();
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(customers, neighbours));
        return (u, scores) -> {
            Scratch s = scratch.get();
            int touched = 0;
            for (int e = matrix.start(u); e < matrix.end(u); e++) {
                int item = matrix.item(e);
                for (int j = buyers.start(item); j < buyers.end(item); j++) {
                    int v = buyers.values()[j];
                    if (v != u && s.overlap[v]++ == 0) {
                        s.touched[touched++] = v;
                    }
                }
            }
            double normU = Math.sqrt(matrix.size(u));
            s.heap.reset(neighbours);
            for (int t = 0; t < touched; t++) {
                int v = s.touched[t];
                s.heap.offer(v, (float) (s.overlap[v] / (normU * Math.sqrt(matrix.size(v)))));
                s.overlap[v] = 0;
            }
            int k = s.heap.drain(s.nearest, s.similarity, 0);
            for (int n = 0; n < k; n++) {
                int v = s.nearest[n];
                float similarity = s.similarity[n];
                for (int e = matrix.start(v); e < matrix.end(v); e++) {
                    scores[matrix.item(e)] += similarity;
                }
            }
        };
    }

    @Override
    public String toString() {
        return "user-based(k=" + (neighbours == AUTO ? "auto" : neighbours) + ")";
    }

    private static final class Scratch {
        final int[] overlap;
        final int[] touched;
        final TopK heap;
        final int[] nearest;
        final float[] similarity;

        Scratch(int customers, int neighbours) {
            overlap = new int[customers];
            touched = new int[customers];
            heap = new TopK(neighbours);
            nearest = new int[neighbours];
            similarity = new float[neighbours];
        }
    }
}
