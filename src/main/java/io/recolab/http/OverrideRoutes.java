package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.Permission;
import io.recolab.experiment.ExperimentService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET/PUT /api/v1/experiments/{key}/overrides}: forced treatments for QA (issue 23.4), as
 * {@code {"overrides": {"UNIT": "TREATMENT", ...}}}; PUT replaces the whole list (owners and admins,
 * audited in the experiment's history).
 */
final class OverrideRoutes {
    private final ExperimentService experiments;

    OverrideRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/overrides").handler(Authentication.requires(Permission.READ)).handler(ctx -> {
            String key = ctx.pathParam("key");
            Responses.blocking(ctx, () -> body(key, experiments.overrides(key)), b -> Responses.json(ctx, b));
        });
        router.put("/api/v1/experiments/:key/overrides").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS))
                .handler(this::replace);
    }

    private void replace(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        JsonNode body = Bodies.object(ctx, java.util.Set.of("overrides"));
        JsonNode list = body.get("overrides");
        if (list == null || !list.isObject()) {
            throw ApiError.badRequest("overrides must be an object of unit -> treatment name, e.g. {\"overrides\": {\"qa-alice\": \"T1\"}}");
        }
        if (list.size() > ExperimentService.MAX_OVERRIDES) {
            throw ApiError.tooLarge("overrides: at most " + ExperimentService.MAX_OVERRIDES + " units, got " + list.size());
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = list.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().isTextual()) {
                throw ApiError.badRequest("overrides[\"" + f.getKey() + "\"] must be a treatment name (a string), got " + f.getValue());
            }
            overrides.put(f.getKey(), f.getValue().textValue());
        }
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> body(key, experiments.setOverrides(key, overrides, actor)), b -> Responses.json(ctx, b));
    }

    private static Map<String, Object> body(String key, Map<String, String> overrides) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", key);
        out.put("overrides", overrides);
        return out;
    }
}
