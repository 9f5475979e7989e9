package io.recolab.serving;

import io.recolab.domain.DomainError;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.recommend.Ranked;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Ingestion;
import io.recolab.json.Json;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.List;
import java.util.Optional;

/**
 * Assigns a unit and asks its treatment's model for items. Never fails because of a model: a
 * missing or failed model falls back to the control's, an unknown customer to the bestseller list.
 */
public final class RecommendationService {
    public static final int MAX_ITEMS = 100;
    /** One second of traffic at 2,000 requests/s: the bound on exposures answered before their commit. */
    public static final int MAX_UNCOMMITTED = 2_000;
    private final Catalog catalog;
    private final ModelService models;
    private final Ingestion ingestion;
    private final LiveHistory history;
    private final java.util.function.BiConsumer<Catalog.Entry, Assignment> observer;
    private final Semaphore uncommitted = new Semaphore(MAX_UNCOMMITTED);

    /** @param ingestion where exposures go; it indexes what they showed as soon as they are queued */
    public RecommendationService(Catalog catalog, ModelService models, Ingestion ingestion, LiveHistory history) {
        this(catalog, models, ingestion, history, (entry, answer) -> { });
    }

    /** @param observer told of every unit's assignment answer (holdouts record the units they compare) */
    public RecommendationService(Catalog catalog, ModelService models, Ingestion ingestion, LiveHistory history,
                                 java.util.function.BiConsumer<Catalog.Entry, Assignment> observer) {
        this.observer = observer;
        this.catalog = catalog;
        this.models = models;
        this.ingestion = ingestion;
        this.history = history;
    }

    /**
     * Logs that the unit was shown a recommendation, through the same validation and writer as
     * {@code POST /api/v1/events}; the event id is derived from the request id, so a retried request
     * is logged once. The exposure is the server's own record, not an event a client asked to have
     * acknowledged, so the answer does not wait for its commit: it is queued, shown to
     * {@link ShownItems} at once, and committed with the writer's next group (within
     * {@link io.recolab.events.EventWriter.Limits#linger} plus one commit). What a crash can lose is
     * bounded: at most {@link #MAX_UNCOMMITTED} exposures are answered before their commit; past
     * that, answers wait for the commit as before. A graceful stop (SIGTERM) commits every queued one.
     * Completes with false (never exceptionally) when the writer refused it, so that logging trouble
     * never fails a recommendation.
     */
    public CompletableFuture<Boolean> logExposure(Recommended r, String eventId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode exposure = body.putArray("events").addObject().put("id", eventId).put("type", "exposure")
                .put("experiment", r.assignment().experiment()).put("unit", r.assignment().unit());
        var items = exposure.putArray("items");
        r.items().forEach(i -> items.add(i.item()));
        exposure.put("timestamp", java.time.Instant.now().toString());
        Ingestion.Logged logged = ingestion.log(body);
        CompletableFuture<Boolean> committed = logged.committed().handle((receipt, failure) -> failure == null);
        if (!uncommitted.tryAcquire()) {
            return committed; // the bound is reached: this answer waits for the commit
        }
        committed.whenComplete((ok, failure) -> uncommitted.release());
        return CompletableFuture.completedFuture(logged.queued());
    }

    public Recommended recommend(String experimentKey, String unit, int n) {
        return recommend(experimentKey, unit, n, io.recolab.targeting.Attributes.NONE);
    }

    /** @param attributes the unit's, for the experiment's targeting */
    public Recommended recommend(String experimentKey, String unit, int n, java.util.Map<String, ?> attributes) {
        if (n < 1 || n > MAX_ITEMS) {
            throw DomainError.invalid("n must be in 1.." + MAX_ITEMS + ", got " + n);
        }
        Catalog.Entry entry = catalog.get(experimentKey)
                .orElseThrow(() -> DomainError.notFound("no experiment '" + experimentKey + "'"));
        Assignment assignment = Assignments.assign(entry, unit, attributes);
        observer.accept(entry, assignment);
        boolean targeted = Assignments.targets(entry, attributes);
        String controlRecommender = entry.definition().control().recommender();
        Optional<Model> own = models.serving(assignment.recommender());
        Model model = own.orElseGet(() -> models.serving(controlRecommender).orElse(null));
        if (model == null) {
            return new Recommended(assignment, List.of(), "no-model", null, targeted);
        }
        // Items consumed since the model was trained are owned too: ask for enough to drop them.
        java.util.Set<String> recent = history.of(unit);
        Ranked ranked = model.recommendations().top(unit, n + recent.size());
        String fallback = own.isEmpty() ? "control-model" : ranked.isFallback() ? "cold-start" : null;
        String[] ids = ranked.itemIds(model.recommendations().training().items());
        List<Recommended.Item> items = new ArrayList<>(n);
        for (int i = 0; i < ids.length && items.size() < n; i++) {
            if (!recent.contains(ids[i])) {
                items.add(new Recommended.Item(ids[i], ranked.scores()[i]));
            }
        }
        return new Recommended(assignment, items, fallback, model.recommender(), targeted);
    }
}
