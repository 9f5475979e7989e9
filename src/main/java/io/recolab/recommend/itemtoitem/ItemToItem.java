package io.recolab.recommend.itemtoitem;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;

/**
 * Item-to-item collaborative filtering (Linden, Smith and York 2003; Smith and Linden 2017): train builds
 * the similar-items table; a customer's scores aggregate the related lists of the items they bought,
 * each list weighted by relatedness and by the recency of the customer's latest interaction with the
 * source item (weight 2^(-age / half-life)), so recent purchases steer the recommendations.
 */
public final class ItemToItem implements Recommender {
    private final Relatedness measure;
    private final ItemToItemConfig config;

    public ItemToItem(Relatedness measure, ItemToItemConfig config) {
        if (measure == null || config == null) {
            throw new IllegalArgumentException("item-to-item needs a relatedness measure and a config, got "
                    + measure + ", " + config);
        }
        this.measure = measure;
        this.config = config;
    }

    // Defaults: each measure's best pooled hit@6 on the development cutoffs of Online Retail and
    // MovieLens 100k (Protocol.cutoffTimes(log, 4), all before the evaluation cutoffs), with recency on and,
    // for the corrected measure, support 2-3 and 20-100 related items; see docs/recommenders.md.

    /** {@code item-to-item}: the 2017 corrected measure. */
    public static ItemToItem corrected() {
        return new ItemToItem(new CorrectedRelatedness(), new ItemToItemConfig(50, 3, 365));
    }

    /** {@code item-to-item-cosine}: the 2003 cosine. */
    public static ItemToItem cosine() {
        return new ItemToItem(new CosineRelatedness(), new ItemToItemConfig(20, 3, 90));
    }

    /** {@code item-to-item-naive}: P(B|A) - P(B). */
    public static ItemToItem naive() {
        return new ItemToItem(new NaiveRelatedness(), new ItemToItemConfig(20, 1, 90));
    }

    @Override
    public TrainedModel train(Interactions training) {
        SimilarItems table = SimilarItems.build(training, measure, config.maxRelated(), config.minSupport());
        return new Model(table, training.customerItems(), training.horizon(), config.halfLifeDays());
    }

    /** Exposed for inspection and tests: the model with its table. */
    public Model trainModel(Interactions training) {
        return (Model) train(training);
    }

    @Override
    public String toString() {
        return "item-to-item(" + measure + ", " + config + ")";
    }

    public static final class Model implements TrainedModel {
        private final SimilarItems table;
        private final CustomerItems history;
        private final long now;
        private final double decayPerSecond;

        Model(SimilarItems table, CustomerItems history, long now, double halfLifeDays) {
            this.table = table;
            this.history = history;
            this.now = now;
            this.decayPerSecond = halfLifeDays > 0 ? Math.log(2) / (halfLifeDays * 86_400) : 0;
        }

        public SimilarItems table() {
            return table;
        }

        @Override
        public void score(int customer, float[] scores) {
            int[] related = table.related();
            float[] weight = table.weight();
            for (int e = history.start(customer); e < history.end(customer); e++) {
                int a = history.item(e);
                float recency = decayPerSecond == 0 ? 1f
                        : (float) Math.exp(-decayPerSecond * Math.max(0, now - history.lastTime(e)));
                for (int r = table.start(a); r < table.end(a); r++) {
                    scores[related[r]] += recency * weight[r];
                }
            }
        }
    }
}
