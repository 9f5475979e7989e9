package io.recolab.recommend.autoencoder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyper-parameters of both autoencoders (docs/autoencoder.md says how the defaults were chosen). Settable by
 * name with {@link #with(String, String)}, which the CLI exposes as {@code --param key=value}.
 *
 * @param hidden           bottleneck units
 * @param maxEpochs        passes over the examples at most; early stopping may end sooner
 * @param patience         epochs without a better validation loss before stopping (0 = never stop early)
 * @param batchSize        examples per Adam step
 * @param learningRate     Adam step size
 * @param l2               decoupled weight decay per step (AdamW, Loshchilov and Hutter 2019), times the step size
 * @param inputDropout     share of input entries dropped (denoising, Vincent et al. 2008), survivors scaled up
 * @param trainingCutoffs  chronological model: how many training cutoffs t (the latest is horizon - window)
 * @param strideDays       days between consecutive training cutoffs
 * @param windowDays       the target window [t, t + window) (the protocol's 14 days)
 * @param cutoffHalfLifeDays chronological model: examples of a training cutoff d days before the latest one
 *                         weigh 2^(-d / this) (0 = all the same)
 * @param halfLifeDays     half-life of the recency-weighted input block
 * @param trend            feed the item popularity trend as an output bias the network scales per customer
 * @param itemBias         learn a free bias per item (off: item popularity only enters through the trend,
 *                         which is measured at the cutoff instead of averaged over the training period)
 * @param leaveOutShare    chronological model: also learn, at the horizon, each customer's latest share of
 *                         items from the rest of their history (0 = off)
 * @param validationShare  share of customers held out (from every training cutoff) for early stopping
 * @param temporalValidation chronological model: validate on all customers at the latest training cutoff
 *                         instead (and train only on windows that end before it), so early stopping measures
 *                         how well the model predicts forward in time
 * @param setLoss          loss = -log of the softmax mass on the target set (the chance that the next item
 *                         is one of them), instead of the mean log-likelihood of the targets (Mult-DAE)
 * @param seed             initial weights, shuffling, dropout and the validation split
 * @param threads          threads computing one mini-batch: slice w of every batch goes to thread w and the
 *                         slices' gradients are added in slice order, so the same seed and thread count give
 *                         the same model bit for bit, whatever the scheduling
 */
public record AutoencoderConfig(int hidden, int maxEpochs, int patience, int batchSize, double learningRate,
                                double l2, double inputDropout, int trainingCutoffs, int strideDays,
                                int windowDays, double cutoffHalfLifeDays, double halfLifeDays, boolean trend, boolean itemBias,
                                double leaveOutShare, double validationShare, boolean temporalValidation,
                                boolean setLoss,
                                long seed, int threads) {

    public AutoencoderConfig {
        require(hidden >= 1 && hidden <= 4096, "hidden must be 1..4096", hidden);
        require(maxEpochs >= 1, "maxEpochs must be >= 1", maxEpochs);
        require(patience >= 0, "patience must be >= 0", patience);
        require(batchSize >= 1, "batchSize must be >= 1", batchSize);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)", learningRate);
        require(l2 >= 0, "l2 must be >= 0", l2);
        require(inputDropout >= 0 && inputDropout < 1, "inputDropout must be in [0, 1)", inputDropout);
        require(trainingCutoffs >= 1, "trainingCutoffs must be >= 1", trainingCutoffs);
        require(strideDays >= 1, "strideDays must be >= 1", strideDays);
        require(windowDays >= 1, "windowDays must be >= 1", windowDays);
        require(cutoffHalfLifeDays >= 0, "cutoffHalfLifeDays must be >= 0", cutoffHalfLifeDays);
        require(halfLifeDays > 0, "halfLifeDays must be > 0", halfLifeDays);
        require(leaveOutShare >= 0 && leaveOutShare < 1, "leaveOutShare must be in [0, 1)", leaveOutShare);
        require(validationShare >= 0 && validationShare < 0.5, "validationShare must be in [0, 0.5)",
                validationShare);
        require(threads >= 1 && threads <= 64, "threads must be 1..64", threads);
    }

    /** Defaults of the chronological model, chosen on development cutoffs (docs/autoencoder.md). */
    public static AutoencoderConfig chronological() {
        return new AutoencoderConfig(100, 12, 2, 128, 0.002, 0.0, 0.7, 20, 7, 14, 0, 14, true, false, 0.0, 0.1, false, false, 42,
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** Defaults of the static (reconstruction) model: Mult-DAE's shape and its input dropout of 0.5. */
    public static AutoencoderConfig staticDefaults() {
        return new AutoencoderConfig(100, 12, 2, 128, 0.002, 0.0, 0.5, 1, 7, 14, 0, 14, false, true, 0.0, 0.1, false, false, 42,
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A copy with one setting changed; an unknown key or a bad value fails with the accepted keys. */
    public AutoencoderConfig with(String key, String value) {
        Map<String, Object> v = toMap();
        if (!v.containsKey(key)) {
            throw new IllegalArgumentException("unknown autoencoder parameter '" + key + "' (known: "
                    + String.join(", ", v.keySet()) + ")");
        }
        try {
            Object old = v.get(key);
            Object parsed = old instanceof Integer ? Integer.valueOf(value.trim())
                    : old instanceof Long ? Long.valueOf(value.trim())
                    : old instanceof Double ? Double.valueOf(value.trim())
                    : parseBoolean(value.trim());
            v.put(key, parsed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("autoencoder parameter " + key + ": not a number: '" + value + "'", e);
        }
        return new AutoencoderConfig((int) v.get("hidden"), (int) v.get("maxEpochs"), (int) v.get("patience"),
                (int) v.get("batchSize"), (double) v.get("learningRate"), (double) v.get("l2"),
                (double) v.get("inputDropout"), (int) v.get("trainingCutoffs"), (int) v.get("strideDays"),
                (int) v.get("windowDays"), (double) v.get("cutoffHalfLifeDays"), (double) v.get("halfLifeDays"), (boolean) v.get("trend"), (boolean) v.get("itemBias"), (double) v.get("leaveOutShare"),
                (double) v.get("validationShare"), (boolean) v.get("temporalValidation"),
                (boolean) v.get("setLoss"), (long) v.get("seed"), (int) v.get("threads"));
    }

    /** Applies every {@code key=value} of {@code params} in order. */
    public AutoencoderConfig with(Map<String, String> params) {
        AutoencoderConfig config = this;
        for (Map.Entry<String, String> e : params.entrySet()) {
            config = config.with(e.getKey(), e.getValue());
        }
        return config;
    }

    /** Settings by name, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        m.put("maxEpochs", maxEpochs);
        m.put("patience", patience);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("l2", l2);
        m.put("inputDropout", inputDropout);
        m.put("trainingCutoffs", trainingCutoffs);
        m.put("strideDays", strideDays);
        m.put("windowDays", windowDays);
        m.put("cutoffHalfLifeDays", cutoffHalfLifeDays);
        m.put("halfLifeDays", halfLifeDays);
        m.put("trend", trend);
        m.put("itemBias", itemBias);
        m.put("leaveOutShare", leaveOutShare);
        m.put("validationShare", validationShare);
        m.put("temporalValidation", temporalValidation);
        m.put("setLoss", setLoss);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new NumberFormatException("not a boolean");
        };
    }

    private static void require(boolean ok, String message, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }
}
