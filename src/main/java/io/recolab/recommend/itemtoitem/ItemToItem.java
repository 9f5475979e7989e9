package io.recolab.recommend.itemtoitem;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.tuning.TemporalValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Item-to-item collaborative filtering (Linden, Smith and York 2003; Smith and Linden 2017): train builds
 * the similar-items table; a customer's scores aggregate the related lists of the items they bought,
 * each list weighted by relatedness and by the recency of the customer's latest interaction with the
 * source item (weight 2^(-age / half-life)), so recent purchases steer the recommendations.
 * <p>
 * The registered variants choose their list length and half-life per training log by
 * {@link TemporalValidation} (grid {@link #LIST_LENGTHS} x {@link #HALF_LIVES}); the whole grid is scored
 * from one table built with the longest lists and truncated, since truncation never changes the order.
 */
public final class ItemToItem implements Recommender {
    /** Related items per list, tried shortest first (a tie keeps the shorter, cheaper list). */
    public static final List<Integer> LIST_LENGTHS = List.of(20, 50, 100);
    /** Recency half-lives in days, 0 = off first (a tie keeps the simpler model). */
    public static final List<Double> HALF_LIVES = List.of(0.0, 365.0, 90.0, 30.0);
    private static final Logger LOG = LoggerFactory.getLogger(ItemToItem.class);

    private final Relatedness measure;
    private final ItemToItemConfig config;
    private final boolean tuned;

    public ItemToItem(Relatedness measure, ItemToItemConfig config) {
        this(measure, config, false);
    }

    private ItemToItem(Relatedness measure, ItemToItemConfig config, boolean tuned) {
        if (measure == null || config == null) {
            throw new IllegalArgumentException("item-to-item needs a relatedness measure and a config, got "
                    + measure + ", " + config);
        }
        this.measure = measure;
        this.config = config;
        this.tuned = tuned;
    }

    /**
     * List length and half-life chosen per training log by temporal validation; {@code minSupport} fixed.
     * {@code fallback} (list length, half-life) is kept when the training log is too short to validate.
     */
    public static ItemToItem tuned(Relatedness measure, ItemToItemConfig fallback) {
        return new ItemToItem(measure, fallback, true);
    }

    // Fallback settings (used when validation has too few customers, and by the fixed constructors): each
    // measure's best pooled hit@6 on the development cutoffs of Online Retail and MovieLens 100k
    // (docs/recommenders.md). minSupport stays fixed at these values; it is not part of the per-log grid.

    /** {@code item-to-item}: the 2017 corrected measure. */
    public static ItemToItem corrected() {
        return tuned(new CorrectedRelatedness(), new ItemToItemConfig(50, 3, 365));
    }

    /** {@code item-to-item-cosine}: the 2003 cosine. */
    public static ItemToItem cosine() {
        return tuned(new CosineRelatedness(), new ItemToItemConfig(20, 3, 90));
    }

    /** {@code item-to-item-naive}: P(B|A) - P(B). */
    public static ItemToItem naive() {
        return tuned(new NaiveRelatedness(), new ItemToItemConfig(20, 1, 90));
    }

    /** The grid, the fallback setting first so that it wins when validation cannot choose. */
    List<ItemToItemConfig> grid() {
        List<ItemToItemConfig> grid = new ArrayList<>();
        grid.add(config);
        for (int length : LIST_LENGTHS) {
            for (double halfLife : HALF_LIVES) {
                ItemToItemConfig c = new ItemToItemConfig(length, config.minSupport(), halfLife);
                if (!c.equals(config)) {
                    grid.add(c);
                }
            }
        }
        return grid;
    }

    @Override
    public TrainedModel train(Interactions training) {
        if (!tuned) {
            return fixed(training, config);
        }
        List<ItemToItemConfig> grid = grid();
        int longest = grid.stream().mapToInt(ItemToItemConfig::maxRelated).max().orElseThrow();
        TemporalValidation.Choice<ItemToItemConfig> choice = TemporalValidation.DEFAULT.chooseModels(training, grid,
                fit -> {
                    SimilarItems table = SimilarItems.build(fit, measure, longest, config.minSupport());
                    CustomerItems history = fit.customerItems();
                    return c -> new Model(table.truncated(c.maxRelated()), history, fit.horizon(), c.halfLifeDays());
                });
        String settings = choice.describe("related,half-life", ItemToItem::label);
        LOG.info("item-to-item {}: {}", measure, settings);
        return TrainedModel.described(fixed(training, choice.chosen()), settings);
    }

    private static String label(ItemToItemConfig c) {
        return c.maxRelated() + "/" + (c.halfLifeDays() == 0 ? "off" : String.format(Locale.ROOT, "%.0f", c.halfLifeDays()));
    }

    private TrainedModel fixed(Interactions training, ItemToItemConfig c) {
        SimilarItems table = SimilarItems.build(training, measure, c.maxRelated(), c.minSupport());
        return new Model(table, training.customerItems(), training.horizon(), c.halfLifeDays());
    }

    /** Exposed for inspection and tests: the model with its table, built with the fixed config. */
    public Model trainModel(Interactions training) {
        return (Model) fixed(training, config);
    }

    @Override
    public String toString() {
        return "item-to-item(" + measure + ", " + config + (tuned ? ", tuned" : "") + ")";
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
