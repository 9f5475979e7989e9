package io.recolab.http;

import io.recolab.json.Json;
import io.recolab.stats.StatsJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code POST /api/v1/stats/compare|srm|power}: thin adapters over the pure statistics engine.
 * Assumes the server's BodyHandler, auth and failure handler run around these routes; a thrown
 * {@link ApiError} becomes {@code {"error": message}}.
 */
public final class StatsRoutes {
    public StatsRoutes() {
    }

    public void mount(Router router) {
        router.post("/api/v1/stats/compare").handler(ctx -> answer(ctx, StatsJson::compare));
        router.post("/api/v1/stats/srm").handler(ctx -> answer(ctx, StatsJson::srm));
        router.post("/api/v1/stats/power").handler(ctx -> answer(ctx, StatsJson::power));
    }

    // The work is a few microseconds of arithmetic: it runs on the event loop.
    private static void answer(RoutingContext ctx, Function<com.fasterxml.jackson.databind.JsonNode, Object> work) {
        Object result;
        try {
            result = work.apply(Bodies.json(ctx));
        } catch (StatsJson.MalformedRequest e) {
            throw ApiError.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.unprocessable(e.getMessage());
        }
        ctx.response().putHeader("content-type", "application/json").end(Json.write(result));
    }
}
