package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code POST /api/v1/definitions/check}: validates a definition without storing it, so the UI's
 * form shows the server's own message (422) while the owner types. Pure parsing, no store: the
 * lifecycle rules (a running experiment's frozen fields, a taken key) are checked on save. Its
 * recommenders must be ones this server has, as on save.
 */
final class DefinitionCheckRoutes {
    private final ExperimentService experiments;

    DefinitionCheckRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    void mount(Router router) {
        router.post("/api/v1/definitions/check").handler(Authentication.requires(Permission.READ)).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        var definition = experiments.check(DefinitionJson.parse(Bodies.json(ctx)));
        Responses.json(ctx, Map.of("valid", true, "definition", DefinitionJson.toJson(definition)));
    }
}
