package io.recolab.cli;

import io.recolab.recommend.Recommender;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.recommend.autoencoder.AutoencoderConfig;
import io.recolab.recommend.autoencoder.BlendedAutoencoder;
import io.recolab.recommend.autoencoder.ChronologicalAutoencoder;
import io.recolab.recommend.autoencoder.StaticAutoencoder;
import io.recolab.recommend.autoencoder.TrainingListener;
import io.recolab.recommend.ease.Ease;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --param NAME.KEY=VALUE}: a recommender's hyper-parameters from the command line, e.g.
 * {@code --param autoencoder.hidden=200 --param autoencoder.maxEpochs=20}. Checked before any work
 * starts, so a typo is a usage error, not a wasted run.
 */
final class RecommenderParams {
    private final RecommenderRegistry registry;
    private final Map<String, Map<String, String>> byRecommender;

    private RecommenderParams(RecommenderRegistry registry, Map<String, Map<String, String>> byRecommender) {
        this.registry = registry;
        this.byRecommender = byRecommender;
    }

    static RecommenderParams parse(RecommenderRegistry registry, List<String> params) {
        Map<String, Map<String, String>> by = new LinkedHashMap<>();
        for (String p : params == null ? List.<String>of() : params) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot < 1 || eq < dot + 2 || eq == p.length() - 1) {
                throw new UsageException("--param must look like NAME.KEY=VALUE, e.g. autoencoder.hidden=200; got '" + p + "'");
            }
            String name = p.substring(0, dot);
            if (!registry.contains(name)) {
                throw new UsageException("--param " + p + ": unknown recommender '" + name + "' (known: "
                        + String.join(", ", registry.names()) + ")");
            }
            by.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(p.substring(dot + 1, eq), p.substring(eq + 1));
        }
        RecommenderParams parsed = new RecommenderParams(registry, by);
        by.keySet().forEach(parsed::create); // fail now on an unknown key or a bad value
        return parsed;
    }

    /** {@code ease.lambda} (a number, or auto: chosen by temporal validation), {@code ease.items}, {@code ease.neighbours}. */
    private static Ease ease(Map<String, String> params) {
        Map<String, String> rest = new LinkedHashMap<>(params);
        String lambda = rest.remove("lambda");
        String items = rest.remove("items");
        String neighbours = rest.remove("neighbours");
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + rest.keySet() + "; ease takes lambda, items, neighbours");
        }
        try {
            return new Ease(lambda == null || lambda.equals("auto") ? Double.NaN : Double.parseDouble(lambda),
                    items == null ? Ease.DEFAULT_MAX_ITEMS : Integer.parseInt(items),
                    neighbours == null ? Ease.DEFAULT_NEIGHBOURS : Integer.parseInt(neighbours));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lambda, items and neighbours are numbers: " + e.getMessage());
        }
    }

    /** The recommender with its parameters applied; the autoencoders and ease take parameters. */
    Recommender create(String name) {
        Map<String, String> params = byRecommender.get(name);
        if (params == null) {
            return registry.create(name);
        }
        try {
            return switch (name) {
                case BlendedAutoencoder.NAME -> new BlendedAutoencoder(
                        AutoencoderConfig.chronological().with(params), TrainingListener.LOG);
                case BlendedAutoencoder.NETWORK_NAME -> new ChronologicalAutoencoder(
                        AutoencoderConfig.chronological().with(params), TrainingListener.LOG);
                case "autoencoder-static" -> new StaticAutoencoder(
                        AutoencoderConfig.staticDefaults().with(params), TrainingListener.LOG);
                case Ease.NAME -> ease(params);
                default -> throw new UsageException("recommender '" + name + "' takes no --param");
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException("--param " + name + ": " + e.getMessage());
        }
    }
}
