package io.recolab.http;

import io.recolab.domain.Text;
import io.recolab.auth.Permission;
import io.recolab.serving.ExposureIds;
import io.recolab.serving.ModelService;
import io.recolab.serving.ModelStatus;
import io.recolab.serving.RecommendationService;
import io.recolab.serving.Recommended;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/recommendations}: assign, recommend from the treatment's model, log the
 * exposure through the event pipeline, answer. Scoring runs on the event loop (an in-memory
 * model, well under a millisecond). The exposure is queued for the writer's next group and the
 * answer does not wait for its commit, within a bound (see {@link RecommendationService#logExposure});
 * a full writer never fails the call: it answers with {@code exposureLogged: false}.
 */
final class RecommendationRoutes {
    private final RecommendationService recommendations;
    private final ModelService models;
    private final io.recolab.interleave.Interleaving interleaving;

    RecommendationRoutes(RecommendationService recommendations, ModelService models) {
        this(recommendations, models, null);
    }

    /** @param interleaving serves the experiments of design interleaving (issue 24); null: served as A/B */
    RecommendationRoutes(RecommendationService recommendations, ModelService models,
                         io.recolab.interleave.Interleaving interleaving) {
        this.recommendations = recommendations;
        this.models = models;
        this.interleaving = interleaving;
    }

    void mount(Router router) {
        router.get("/api/v1/recommendations").handler(Authentication.requires(Permission.ASSIGN)).handler(this::recommend);
        router.get("/api/v1/models").handler(Authentication.requires(Permission.READ)).handler(this::models);
    }

    private void recommend(RoutingContext ctx) {
        String experiment = Responses.requiredParam(ctx, "experiment");
        String unit = Responses.requiredParam(ctx, "unit");
        int n = intParam(ctx, "n", 6);
        String requestId = ctx.request().getParam("requestId");
        // The request id becomes part of the exposure's event id, so it must leave room for the rest.
        if (requestId != null) {
            Text.requireId("requestId", requestId, ExposureIds.MAX_REQUEST_ID);
        }
        if (interleaving != null && interleaving.handles(experiment)) {
            InterleavingRoutes.recommend(ctx, interleaving, recommendations, experiment, unit, n, requestId);
            return;
        }
        Recommended r = recommendations.recommend(experiment, unit, n, AttributeParams.fromQuery(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment", r.assignment().experiment());
        body.put("unit", r.assignment().unit());
        body.put("treatment", r.assignment().treatment());
        body.put("recommender", r.assignment().recommender());
        body.put("inExperiment", r.assignment().inExperiment());
        if (r.assignment().reason() != null) { // why it is out (or forced), as the assignment answer says
            body.put("reason", r.assignment().reason());
        }
        body.put("items", r.items());
        body.put("fallback", r.fallback());
        body.put("servedBy", r.servedBy());
        if (!r.targeted()) {
            // Outside the targeting: no exposure, because the event pipeline (which has no attributes)
            // could not tell it from a targeted unit's.
            body.put("exposureId", null);
            body.put("exposureLogged", false);
            Responses.json(ctx, body);
            return;
        }
        // The request id makes a retried call log its exposure once (CONTRACT: ids are idempotent).
        String eventId = ExposureIds.of(requestId != null ? requestId : UUID.randomUUID().toString(), unit);
        body.put("exposureId", eventId);
        var logged = recommendations.logExposure(r, eventId);
        if (logged.isDone()) { // the usual case: queued, answered at once without a hop through the context
            body.put("exposureLogged", logged.join());
            Responses.json(ctx, body);
            return;
        }
        Future.fromCompletionStage(logged, ctx.vertx().getOrCreateContext())
                .onComplete(result -> {
                    body.put("exposureLogged", result.succeeded() && result.result());
                    Responses.json(ctx, body);
                });
    }

    private void models(RoutingContext ctx) {
        var list = models.statuses().stream().map(RecommendationRoutes::view).toList();
        Responses.json(ctx, Map.of("models", list));
    }

    private static Map<String, Object> view(ModelStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recommender", s.recommender());
        out.put("status", s.state().name().toLowerCase(java.util.Locale.ROOT));
        var m = s.serving();
        out.put("serving", m != null);
        out.put("trainedAt", m == null ? null : m.trainedAt().toString());
        out.put("dataCutoff", m == null ? null : m.dataCutoff().toString());
        out.put("trainingSeconds", m == null ? null : m.trainSeconds());
        out.put("dataBytes", m == null ? null : m.dataBytes());
        out.put("lastAttemptStartedAt", s.attemptStartedAt() == null ? null : s.attemptStartedAt().toString());
        out.put("error", s.error());
        return out;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer, got \"" + v + "\"");
        }
    }
}
