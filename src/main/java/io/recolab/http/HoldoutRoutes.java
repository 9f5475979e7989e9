package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.holdout.Holdout;
import io.recolab.holdout.HoldoutService;
import io.recolab.experiment.MetricSpec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/holdouts} (issue 23.3): create (owners and admins, 201), list, read, stop (POST
 * .../stop or DELETE), and the held-out units against everyone else in scope (.../results).
 */
final class HoldoutRoutes {
    private final HoldoutService holdouts;

    /** @param holdouts null: a server without holdouts, which answers 404 on these paths */
    HoldoutRoutes(HoldoutService holdouts) {
        this.holdouts = holdouts;
    }

    private HoldoutService holdouts() {
        if (holdouts == null) {
            throw io.recolab.domain.DomainError.notFound("this server has no holdouts");
        }
        return holdouts;
    }

    void mount(Router router) {
        router.get("/api/v1/holdouts").handler(Authentication.requires(Permission.READ)).handler(ctx ->
                Responses.blocking(ctx, () -> Map.of("holdouts", holdouts().list().stream().map(HoldoutRoutes::body).toList()),
                        b -> Responses.json(ctx, b)));
        router.post("/api/v1/holdouts").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::create);
        router.get("/api/v1/holdouts/:key").handler(Authentication.requires(Permission.READ)).handler(ctx ->
                Responses.blocking(ctx, () -> body(holdouts().get(ctx.pathParam("key"))), b -> Responses.json(ctx, b)));
        router.post("/api/v1/holdouts/:key/stop").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::stop);
        router.delete("/api/v1/holdouts/:key").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::stop);
        router.get("/api/v1/holdouts/:key/results").handler(Authentication.requires(Permission.READ)).handler(ctx ->
                Responses.blocking(ctx, () -> holdouts().results(ctx.pathParam("key")), b -> Responses.json(ctx, b)));
    }

    private void create(RoutingContext ctx) {
        var body = Bodies.json(ctx);
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> holdouts().create(body, actor), created -> {
            ctx.response().putHeader("Location", "/api/v1/holdouts/" + created.key());
            Responses.json(ctx, 201, body(created));
        });
    }

    private void stop(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> body(holdouts().stop(key, actor)), b -> Responses.json(ctx, b));
    }

    static Map<String, Object> body(Holdout h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", h.key());
        out.put("description", h.description());
        out.put("percent", h.percent());
        out.put("scope", h.layer() == null ? "all" : "layer");
        if (h.layer() != null) {
            out.put("layer", h.layer());
        }
        List<Map<String, Object>> metrics = h.metrics().stream().map(HoldoutRoutes::metric).toList();
        out.put("metrics", metrics);
        out.put("status", h.status().wireName());
        out.put("createdAt", h.createdAt().toString());
        if (h.endedAt() != null) {
            out.put("endedAt", h.endedAt().toString());
        }
        if (h.createdBy() != null) {
            out.put("createdBy", h.createdBy());
        }
        if (h.endedBy() != null) {
            out.put("endedBy", h.endedBy());
        }
        return out;
    }

    private static Map<String, Object> metric(MetricSpec m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("type", m.type().wireName());
        out.put("windowDays", m.windowDays());
        return out;
    }
}
