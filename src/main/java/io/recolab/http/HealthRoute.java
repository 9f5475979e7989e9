package io.recolab.http;

import io.recolab.serving.ModelService;
import io.recolab.serving.ModelStatus;
import io.recolab.store.Database;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/health} (no key): {@code {"status":"UP"}} as the contract says, plus the
 * database's status and round-trip time and each model's state. {@code DOWN} with 503 when the
 * database does not answer, so a load balancer stops sending writes and results there (assignment
 * itself would still work from memory; a probe that only cares about assignment can ignore it).
 */
final class HealthRoute {
    private final Database database;
    private final ModelService models;

    HealthRoute(Database database, ModelService models) {
        this.database = database;
        this.models = models;
    }

    void mount(Router router) {
        router.get("/api/v1/health").handler(this::health);
    }

    private void health(RoutingContext ctx) {
        Responses.blocking(ctx, () -> {
            long started = System.nanoTime();
            boolean up = database.isHealthy();
            double millis = Math.round((System.nanoTime() - started) / 1e4) / 100.0;
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("status", up ? "UP" : "DOWN");
            db.put("latencyMs", millis);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("database", db);
            body.put("models", models == null ? List.of() : models.statuses().stream().map(HealthRoute::model).toList());
            return body;
        }, body -> Responses.json(ctx, "UP".equals(body.get("status")) ? 200 : 503, body));
    }

    private static Map<String, Object> model(ModelStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recommender", s.recommender());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("serving", s.serving() != null);
        m.put("trainedAt", s.serving() == null ? null : s.serving().trainedAt());
        m.put("trainSeconds", s.serving() == null ? null : s.serving().trainSeconds());
        m.put("error", s.error());
        return m;
    }
}
