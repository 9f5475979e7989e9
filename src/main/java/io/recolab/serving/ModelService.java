package io.recolab.serving;

import io.recolab.data.Interactions;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.RecommenderRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the server holds in memory. Training runs on one background thread (so serving keeps
 * its cores and at most one model is being built at a time); each finished model replaces the
 * previous one with a single map write. Requests read whatever model is serving at that moment.
 */
public final class ModelService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final RecommenderRegistry registry;
    private final Supplier<Optional<Interactions>> data;
    private final Clock clock;
    private final Map<String, ModelStatus> status = new ConcurrentHashMap<>();
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recolab-train");
        t.setDaemon(true);
        return t;
    });

    /** @param data the interactions to train on, empty while they are still loading */
    public ModelService(RecommenderRegistry registry, Supplier<Optional<Interactions>> data, Clock clock) {
        this.registry = registry;
        this.data = data;
        this.clock = clock;
    }

    /** Queues training for every name not yet serving or queued; unknown names fail visibly. */
    public void ensure(Collection<String> recommenders) {
        for (String name : recommenders) {
            boolean fresh = status.putIfAbsent(name, ModelStatus.queued(name, null)) == null;
            if (fresh) {
                trainer.execute(() -> train(name));
            }
        }
    }

    /** Queues a retrain of every known model; each keeps serving its old version until the new one is ready. */
    public void retrainAll() {
        for (String name : List.copyOf(status.keySet())) {
            ModelStatus current = status.get(name);
            if (current.state() == ModelStatus.State.QUEUED || current.state() == ModelStatus.State.TRAINING) {
                continue;
            }
            status.put(name, ModelStatus.queued(name, current.serving()));
            trainer.execute(() -> train(name));
        }
    }

    private void train(String name) {
        ModelStatus current = status.get(name);
        Instant started = clock.instant();
        status.put(name, current.training(started));
        try {
            Interactions log = data.get().orElseThrow(() -> new IllegalStateException("no interaction data loaded"));
            long t0 = System.nanoTime();
            Recommendations recommendations = Recommendations.train(registry.create(name), log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Model model = new Model(name, recommendations, clock.instant(), Instant.ofEpochSecond(log.lastTime()),
                    seconds, log.estimatedBytes());
            status.put(name, status.get(name).ready(model, clock.instant()));
            LOG.info("model {} trained in {} s on {} interactions", name, String.format("%.2f", seconds), log.size());
        } catch (RuntimeException | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            status.put(name, status.get(name).failed(message, clock.instant()));
            LOG.warn("model {} failed to train: {}", name, message);
        }
    }

    /** The model serving for a recommender, if one is ready. */
    public Optional<Model> serving(String recommender) {
        ModelStatus s = status.get(recommender);
        return s == null ? Optional.empty() : Optional.ofNullable(s.serving());
    }

    public List<ModelStatus> statuses() {
        return status.values().stream().sorted(java.util.Comparator.comparing(ModelStatus::recommender)).toList();
    }

    @Override
    public void close() {
        trainer.shutdownNow();
    }
}
