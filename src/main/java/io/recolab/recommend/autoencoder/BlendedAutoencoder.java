package io.recolab.recommend.autoencoder;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.data.Targets;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.bestseller.Bestseller;
import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.recommend.tuning.TemporalValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code autoencoder} (issue 25): a blend of three components, each scaled to a top score of 1 over the items
 * the customer does not own, with weights chosen per training log by temporal validation:
 * <ul>
 *   <li>the chronological network ({@link ChronologicalAutoencoder}, also served alone as
 *   {@code autoencoder-network}): strong where there are many customers coming back;</li>
 *   <li>naive item-to-item (P(B|A) - P(B), 20 related items, 90-day half-life): the item-item signal that won
 *   on sparse long-horizon logs the network had never seen;</li>
 *   <li>recent popularity ({@link #popularity}): new customers per item in the last 7 days, then 28 days, then
 *   ever, the trend that wins where the network has too few examples.</li>
 * </ul>
 * Weights: every point of the 0.1 grid on the simplex (66), scored by hit@k on the last 14 days before the
 * cutoff with all components trained on the data before them; ties keep the earlier point (the network alone
 * first). When those 14 days hold fewer than {@link TemporalValidation#MIN_CUSTOMERS} customers, the best
 * single component on the shortest longer window (28, 56 or 112 days) that holds enough is used; when none
 * does, recent popularity alone. A component with weight 0 is not trained for the final model.
 */
public final class BlendedAutoencoder implements Recommender {
    public static final String NAME = "autoencoder";
    public static final String NETWORK_NAME = "autoencoder-network";
    static final String[] COMPONENTS = {"network", "i2i", "popularity"};
    /** Longer validation windows tried, in order, when the last 14 days are too thin. */
    static final List<Duration> WIDER = List.of(Duration.ofDays(28), Duration.ofDays(56), Duration.ofDays(112));
    /** At most this many floats per component are held for the validation customers (then a prefix of them). */
    private static final long MAX_CACHED = 40_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(BlendedAutoencoder.class);

    private final AutoencoderConfig config;
    private final TrainingListener listener;
    private final double[] fixedWeights;

    public BlendedAutoencoder() {
        this(AutoencoderConfig.chronological(), TrainingListener.LOG);
    }

    /** Weights chosen by temporal validation; {@code config} is the network's. */
    public BlendedAutoencoder(AutoencoderConfig config, TrainingListener listener) {
        this(config, listener, null);
    }

    /** Fixed weights (network, item-to-item, popularity), or null to choose them per training log. */
    public BlendedAutoencoder(AutoencoderConfig config, TrainingListener listener, double[] fixedWeights) {
        if (fixedWeights != null && (fixedWeights.length != 3 || Arrays.stream(fixedWeights).anyMatch(w -> !(w >= 0))
                || Arrays.stream(fixedWeights).sum() <= 0)) {
            throw new IllegalArgumentException("blend weights must be 3 numbers >= 0, not all 0, got "
                    + Arrays.toString(fixedWeights));
        }
        this.config = config;
        this.listener = listener;
        this.fixedWeights = fixedWeights == null ? null : fixedWeights.clone();
    }

    /** The 66 points of the 0.1 grid on the simplex, network-heavy first. */
    static List<double[]> grid() {
        List<double[]> grid = new ArrayList<>();
        for (int n = 10; n >= 0; n--) {
            for (int i = 10 - n; i >= 0; i--) {
                grid.add(new double[] {n / 10.0, i / 10.0, (10 - n - i) / 10.0});
            }
        }
        return grid;
    }

    @Override
    public TrainedModel train(Interactions training) {
        if (training.size() == 0) {
            return (customer, scores) -> { };
        }
        double[] weights;
        String settings;
        if (fixedWeights != null) {
            weights = fixedWeights;
            settings = "";
        } else {
            Choice choice = choose(training);
            weights = choice.weights();
            settings = choice.describe();
            LOG.info("autoencoder blend: {}", settings);
        }
        return TrainedModel.described(fit(training, weights, config), settings);
    }

    /** The chosen weights and how they were chosen. */
    record Choice(double[] weights, String how) {
        String describe() {
            return String.format(Locale.ROOT, "network/i2i/popularity=%.1f/%.1f/%.1f (%s)", weights[0], weights[1],
                    weights[2], how);
        }
    }

    Choice choose(Interactions training) {
        TemporalValidation last = TemporalValidation.DEFAULT;
        Targets targets = last.targets(training);
        if (targets.size() >= TemporalValidation.MIN_CUSTOMERS) {
            return search(training, last, targets, grid(), "hit@k on " + targets.size() + " validation customers");
        }
        for (Duration wider : WIDER) {
            TemporalValidation v = new TemporalValidation(wider, last.k());
            if (v.split(training) <= training.firstTime()) {
                break;
            }
            Targets t = v.targets(training);
            if (t.size() >= TemporalValidation.MIN_CUSTOMERS) {
                List<double[]> corners = List.of(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1});
                return search(training, v, t, corners, "single component: only " + targets.size()
                        + " customers in the last 14 days; hit@k on " + t.size() + " customers of the last "
                        + wider.toDays() + " days");
            }
        }
        return new Choice(new double[] {0, 0, 1}, "recent popularity: too few validation customers (" + targets.size()
                + " in the last 14 days, fewer than " + TemporalValidation.MIN_CUSTOMERS + " in any window up to 112 days)");
    }

    /** Trains the components once before the validation window and scores every weight vector from cached scores. */
    private Choice search(Interactions training, TemporalValidation v, Targets targets, List<double[]> candidates,
                          String how) {
        Interactions fit = training.before(v.split(training));
        // The validation network learns from half the training cutoffs: its only job is to tell the blend how
        // much the network is worth here, and this keeps the whole blend within 2x of the network's training time.
        AutoencoderConfig quick = config.with("trainingCutoffs", Integer.toString(Math.max(1, config.trainingCutoffs() / 2)));
        TrainedModel[] parts = components(fit, new double[] {1, 1, 1}, quick);
        int rows = (int) Math.min(targets.size(), Math.max(TemporalValidation.MIN_CUSTOMERS,
                MAX_CACHED / Math.max(1, fit.itemCount())));
        Targets used = prefix(targets, rows);
        int[] rowOf = new int[training.customerCount()];
        Arrays.fill(rowOf, -1);
        float[][][] cached = new float[3][rows][];
        CustomerItems owned = fit.customerItems();
        java.util.stream.IntStream.range(0, rows).parallel().forEach(r -> {
            int customer = used.customers()[r];
            for (int c = 0; c < 3; c++) {
                cached[c][r] = normalized(parts[c], customer, owned, fit.itemCount());
            }
        });
        for (int r = 0; r < rows; r++) {
            rowOf[used.customers()[r]] = r;
        }
        int[] fallback = Bestseller.ranking(fit, Bestseller.DEFAULT_WINDOW);
        double[] best = null;
        double bestHit = -1;
        StringBuilder scores = new StringBuilder();
        for (double[] w : candidates) {
            TrainedModel blend = (customer, out) -> {
                int r = rowOf[customer];
                if (r < 0) {
                    return;
                }
                for (int c = 0; c < 3; c++) {
                    if (w[c] > 0) {
                        float[] s = cached[c][r];
                        float wc = (float) w[c];
                        for (int i = 0; i < s.length; i++) {
                            out[i] += wc * s[i];
                        }
                    }
                }
            };
            double hit = v.hitRate(new Recommendations(blend, fit, fallback), used);
            if (hit > bestHit) {
                bestHit = hit;
                best = w;
            }
        }
        // Each component alone, through the same top-N step, for the log line: what the blend adds.
        for (int c = 0; c < 3; c++) {
            scores.append(c == 0 ? "" : " ").append(COMPONENTS[c]).append('=').append(String.format(Locale.ROOT, "%.3f",
                    v.hitRate(new Recommendations(parts[c], fit, fallback), used)));
        }
        return new Choice(best, String.format(Locale.ROOT, "%s%s: blend %.3f, alone %s", how,
                rows < targets.size() ? " (first " + rows + " scored)" : "", bestHit, scores));
    }

    private static Targets prefix(Targets t, int rows) {
        if (rows >= t.size()) {
            return t;
        }
        return new Targets(t.cutoff(), Arrays.copyOf(t.customers(), rows), Arrays.copyOf(t.offsets(), rows + 1),
                Arrays.copyOf(t.newItems(), t.offsets()[rows]));
    }

    /** The final model: the components with positive weight trained on the whole log, blended. */
    private TrainedModel fit(Interactions training, double[] weights, AutoencoderConfig networkConfig) {
        TrainedModel[] parts = components(training, weights, networkConfig);
        CustomerItems owned = training.customerItems();
        int items = training.itemCount();
        return (customer, out) -> {
            for (int c = 0; c < 3; c++) {
                if (weights[c] > 0) {
                    float[] s = normalized(parts[c], customer, owned, items);
                    float wc = (float) weights[c];
                    for (int i = 0; i < items; i++) {
                        out[i] += wc * s[i];
                    }
                }
            }
        };
    }

    private TrainedModel[] components(Interactions log, double[] weights, AutoencoderConfig networkConfig) {
        TrainedModel[] parts = new TrainedModel[3];
        parts[0] = weights[0] > 0 ? new ChronologicalAutoencoder(networkConfig, listener).train(log) : null;
        parts[1] = weights[1] > 0 ? new ItemToItem(new io.recolab.recommend.itemtoitem.NaiveRelatedness(),
                new io.recolab.recommend.itemtoitem.ItemToItemConfig(20, 1, 90)).train(log) : null;
        parts[2] = weights[2] > 0 ? popularity(log) : null;
        return parts;
    }

    /** A component's scores for one customer, owned items and negatives at 0, divided by the top score. */
    static float[] normalized(TrainedModel model, int customer, CustomerItems owned, int items) {
        float[] s = new float[items];
        if (customer < 0 || customer >= owned.customers()) {
            return s;
        }
        model.score(customer, s);
        for (int e = owned.start(customer); e < owned.end(customer); e++) {
            s[owned.item(e)] = 0;
        }
        float max = 0;
        for (float x : s) {
            max = Math.max(max, x);
        }
        if (max <= 0) {
            Arrays.fill(s, 0);
            return s;
        }
        for (int i = 0; i < items; i++) {
            s[i] = s[i] > 0 ? s[i] / max : 0;
        }
        return s;
    }

    /**
     * Recent popularity at the log's horizon: new customers per item (first interaction with it) in the last 7
     * days, then in the last 28 days and ever as tie-breaks, so that a log whose last week is quiet still ranks.
     * New customers, not all customers, because only items new to a customer count as hits.
     */
    static TrainedModel popularity(Interactions log) {
        long now = log.horizon();
        double[] score = new double[log.itemCount()];
        addNewCustomers(log, now - 7 * 86_400L, 1.0, score);
        addNewCustomers(log, now - 28 * 86_400L, 0.01, score);
        CustomerItems matrix = log.customerItems();
        for (int e = 0; e < matrix.pairs(); e++) {
            score[matrix.item(e)] += 1e-4;
        }
        float[] frozen = new float[score.length];
        for (int i = 0; i < score.length; i++) {
            frozen[i] = (float) score[i];
        }
        return (customer, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] += frozen[i];
            }
        };
    }

    /** Adds {@code weight} per customer whose first interaction with an item is at or after {@code since}. */
    private static void addNewCustomers(Interactions log, long since, double weight, double[] score) {
        CustomerItems before = log.before(since).customerItems();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int p = log.positionOf(since); p < log.size(); p++) {
            int c = log.customer(p);
            int item = log.item(p);
            boolean old = c < before.customers() && before.owns(c, item);
            if (!old && seen.add(((long) c << 32) | item)) {
                score[item] += weight;
            }
        }
    }

    @Override
    public String toString() {
        return NAME + "(blend of network, naive item-to-item, recent popularity"
                + (fixedWeights == null ? ", weights by temporal validation" : ", weights " + Arrays.toString(fixedWeights))
                + ")";
    }
}
