package io.recolab.http;

import io.recolab.json.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** How every handler answers: JSON bodies, and blocking work kept off the event loop. */
final class Responses {
    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return; // already answered (the request timed out) or the client went away
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(body));
    }

    static void json(RoutingContext ctx, Object body) {
        json(ctx, 200, body);
    }

    /**
     * Runs JDBC (or any blocking work) on the worker pool, then answers on the event loop.
     * Unordered: requests of one connection need not wait for each other's database calls.
     */
    static <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> answer) {
        String requestId = RequestTracking.id(ctx);
        // The worker's log lines (and the answer's) carry the request's id, as the handler's do.
        Future<T> future = ctx.vertx().executeBlocking(() -> {
            try (var mdc = RequestTracking.inMdc(requestId)) {
                return work.call();
            }
        }, false);
        future.onComplete(result -> {
            try (var mdc = RequestTracking.inMdc(requestId)) {
                deliver(ctx, result, answer);
            }
        });
    }

    private static <T> void deliver(RoutingContext ctx, io.vertx.core.AsyncResult<T> result, java.util.function.Consumer<T> answer) {
        if (result.succeeded()) {
            try {
                answer.accept(result.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        } else {
            ctx.fail(result.cause());
        }
    }

    static String requiredParam(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("query parameter '" + name + "' is required");
        }
        return value;
    }
}
