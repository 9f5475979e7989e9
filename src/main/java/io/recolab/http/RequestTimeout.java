package io.recolab.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A request not answered within the limit gets 503 with Retry-After instead of hanging. Unlike
 * vert.x's TimeoutHandler, the clock stops once the answer has begun: a long export that is
 * already streaming is not cut off halfway.
 */
final class RequestTimeout {
    private RequestTimeout() {
    }

    static Handler<RoutingContext> after(long millis) {
        return ctx -> {
            long timer = ctx.vertx().setTimer(millis, id -> {
                if (!ctx.response().headWritten() && !ctx.response().ended() && !ctx.response().closed()) {
                    ctx.fail(ApiError.unavailable("the request took longer than " + describe(millis) + "; retry later"));
                }
            });
            ctx.addHeadersEndHandler(v -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        };
    }

    private static String describe(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
