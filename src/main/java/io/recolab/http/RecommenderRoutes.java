package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.recommend.RecommenderRegistry;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/recommenders}: the registered recommender names, for the definition form. */
final class RecommenderRoutes {
    private final List<String> names;

    RecommenderRoutes(RecommenderRegistry registry) {
        this.names = registry.names();
    }

    void mount(Router router) {
        router.get("/api/v1/recommenders").handler(Authentication.requires(Permission.READ))
                .handler(ctx -> Responses.json(ctx, Map.of("recommenders", names)));
    }
}
