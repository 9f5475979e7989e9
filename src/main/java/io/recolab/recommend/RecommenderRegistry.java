package io.recolab.recommend;

import io.recolab.recommend.bestseller.Bestseller;
import io.recolab.recommend.ease.Ease;
import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.recommend.userbased.UserBased;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Recommenders by name (CONTRACT section 3). Immutable; {@link #with} returns an extended copy. */
public final class RecommenderRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Map<String, Supplier<Recommender>> factories;

    private RecommenderRegistry(Map<String, Supplier<Recommender>> factories) {
        this.factories = factories;
    }

    /** The built-in recommenders. A new algorithm is one more line here (or a ServiceLoader provider). */
    public static RecommenderRegistry builtIn() {
        return new RecommenderRegistry(Map.of())
                .with("bestseller", Bestseller::new)
                .with("item-to-item", ItemToItem::corrected)
                .with("item-to-item-cosine", ItemToItem::cosine)
                .with("item-to-item-naive", ItemToItem::naive)
                // The served "autoencoder" is the blend (issue 25); the network alone keeps its own name.
                .with(io.recolab.recommend.autoencoder.BlendedAutoencoder.NAME,
                        io.recolab.recommend.autoencoder.BlendedAutoencoder::new)
                .with(io.recolab.recommend.autoencoder.BlendedAutoencoder.NETWORK_NAME,
                        io.recolab.recommend.autoencoder.ChronologicalAutoencoder::new)
                .with("autoencoder-static", io.recolab.recommend.autoencoder.StaticAutoencoder::new)
                .with("user-based", UserBased::new)
                .with(Ease.NAME, Ease::new);
    }

    /** The built-ins plus every {@link RecommenderProvider} on the class path. */
    public static RecommenderRegistry defaults() {
        RecommenderRegistry registry = builtIn();
        for (RecommenderProvider provider : ServiceLoader.load(RecommenderProvider.class)) {
            registry = registry.with(provider.name(), provider::create);
        }
        return registry;
    }

    public RecommenderRegistry with(String name, Supplier<Recommender> factory) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("recommender name must match " + NAME + ", got '" + name + "'");
        }
        if (factories.containsKey(name)) {
            throw new IllegalArgumentException("recommender '" + name + "' is already registered");
        }
        Map<String, Supplier<Recommender>> copy = new LinkedHashMap<>(factories);
        copy.put(name, factory);
        return new RecommenderRegistry(copy);
    }

    /** A copy in which a registered name makes its recommenders with {@code factory} instead. */
    public RecommenderRegistry replacing(String name, Supplier<Recommender> factory) {
        if (!factories.containsKey(name)) {
            throw new IllegalArgumentException("no recommender '" + name + "' to replace (known: "
                    + String.join(", ", factories.keySet()) + ")");
        }
        Map<String, Supplier<Recommender>> copy = new LinkedHashMap<>(factories);
        copy.put(name, factory);
        return new RecommenderRegistry(copy);
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** A new recommender with its default settings; an unknown name lists the known ones. */
    public Recommender create(String name) {
        Supplier<Recommender> factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown recommender '" + name + "' (known: "
                    + String.join(", ", factories.keySet()) + ")");
        }
        return factory.get();
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }
}
