package io.recolab.serving;

import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.recommend.Ranked;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Ingestion;
import io.recolab.json.Json;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Optional;

/**
 * Assigns a unit and asks its treatment's model for items. Never fails because of a model: a
 * missing or failed model falls back to the control's, an unknown customer to the bestseller list.
 */
public final class RecommendationService {
    public static final int MAX_ITEMS = 100;
    private final Catalog catalog;
    private final ModelService models;
    private final Ingestion ingestion;
    private final LiveHistory history;

    /** @param ingestion where exposures go; it indexes what they showed once committed */
    public RecommendationService(Catalog catalog, ModelService models, Ingestion ingestion, LiveHistory history) {
        this.catalog = catalog;
        this.models = models;
        this.ingestion = ingestion;
        this.history = history;
    }

    /**
     * Logs that the unit was shown a recommendation, through the same validation and group-commit
     * writer as {@code POST /api/v1/events}. The event id is derived from the request id, so a
     * retried request is logged once. Completes with false (never exceptionally) when the writer
     * refused it, so that logging trouble never fails a recommendation.
     */
    public CompletableFuture<Boolean> logExposure(Recommended r, String eventId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode exposure = body.putArray("events").addObject().put("id", eventId).put("type", "exposure")
                .put("experiment", r.assignment().experiment()).put("unit", r.assignment().unit());
        var items = exposure.putArray("items");
        r.items().forEach(i -> items.add(i.item()));
        java.time.Instant at = java.time.Instant.now();
        exposure.put("timestamp", at.toString());
        return ingestion.ingest(body).handle((receipt, failure) -> failure == null);
    }

    public Recommended recommend(String experimentKey, String unit, int n) {
        if (n < 1 || n > MAX_ITEMS) {
            throw io.recolab.http.ApiError.badRequest("n must be in 1.." + MAX_ITEMS + ", got " + n);
        }
        Catalog.Entry entry = catalog.get(experimentKey)
                .orElseThrow(() -> io.recolab.http.ApiError.notFound("no experiment '" + experimentKey + "'"));
        Assignment assignment = Assignments.assign(entry, unit);
        String controlRecommender = entry.definition().control().recommender();
        Optional<Model> own = models.serving(assignment.recommender());
        Model model = own.orElseGet(() -> models.serving(controlRecommender).orElse(null));
        if (model == null) {
            return new Recommended(assignment, List.of(), "no-model", null);
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
        return new Recommended(assignment, items, fallback, model.recommender());
    }
}
