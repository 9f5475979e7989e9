package io.recolab.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A request not answered within the limit gets 503 with Retry-After instead of hanging. Unlike
 * vert.x's TimeoutHandler, the clock stops once the answer has begun: a long export that is
 * already streaming is not cut off halfway. A route that watches its own progress (a long export)
 * takes the clock over with {@link #handOver}.
 */
final class RequestTimeout {
    private static final String TIMER = "recolab.requestTimeout.timer";

    private RequestTimeout() {
    }

    /** Stops this request's clock: the caller enforces its own limit from now on. */
    static void handOver(RoutingContext ctx) {
        Long timer = ctx.get(TIMER);
        if (timer != null) {
            ctx.vertx().cancelTimer(timer);
        }
    }

    static Handler<RoutingContext> after(long millis) {
        return ctx -> {
            long timer = ctx.vertx().setTimer(millis, id -> {
                if (!ctx.response().headWritten() && !ctx.response().ended() && !ctx.response().closed()) {
                    ctx.fail(ApiError.unavailable("the request took longer than " + describe(millis) + "; retry later"));
                }
            });
            ctx.put(TIMER, timer);
            ctx.addHeadersEndHandler(v -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        };
    }

    private static String describe(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
