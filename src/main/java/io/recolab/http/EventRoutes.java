package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.events.Ingestion;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/events}. Validation runs on the event loop (pure, in memory); the write is
 * the group-commit writer's, and the answer is sent when its future completes, i.e. after commit.
 * No JDBC ever runs here. The body limit (413) is the router's BodyHandler.
 */
final class EventRoutes {
    private final Ingestion ingestion;

    EventRoutes(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    void mount(Router router) {
        router.post("/api/v1/events").handler(Authentication.requires(Permission.ASSIGN)).handler(this::ingest);
    }

    private void ingest(RoutingContext ctx) {
        var receipt = ingestion.ingest(Bodies.json(ctx));
        // Back on the request's own context: the writer thread completes the future.
        Future.fromCompletionStage(receipt, ctx.vertx().getOrCreateContext()).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, result.result());
            } else {
                ctx.fail(result.cause());
            }
        });
    }
}
