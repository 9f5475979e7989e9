package io.recolab.http;

import io.recolab.assign.LayerSlot;
import io.recolab.auth.Permission;
import io.recolab.domain.DomainError;
import io.recolab.experiment.ExperimentService;
import io.recolab.layer.LayerMap;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code GET /api/v1/layers} and {@code /api/v1/layers/{name}}: each layer's occupancy (issue 23.2). */
final class LayerRoutes {
    private final ExperimentService experiments;

    LayerRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    void mount(Router router) {
        router.get("/api/v1/layers").handler(Authentication.requires(Permission.READ)).handler(ctx ->
                Responses.blocking(ctx, () -> Map.of("layers", LayerMap.of(experiments.list())), body -> Responses.json(ctx, body)));
        router.get("/api/v1/layers/:name").handler(Authentication.requires(Permission.READ)).handler(ctx -> {
            String name = ctx.pathParam("name");
            if (!LayerSlot.NAME.matcher(name).matches()) {
                throw ApiError.badRequest("name must match " + LayerSlot.NAME + ", got \"" + name + "\"");
            }
            Responses.blocking(ctx, () -> LayerMap.named(experiments.list(), name).orElseThrow(() ->
                    DomainError.notFound("no layer '" + name + "' (no experiment that is not archived names it)")),
                    body -> Responses.json(ctx, body));
        });
    }
}
