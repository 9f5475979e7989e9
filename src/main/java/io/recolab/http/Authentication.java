package io.recolab.http;

import io.recolab.auth.ApiKey;
import io.recolab.auth.ApiKeys;
import io.recolab.auth.Scope;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Bearer-key authentication (CONTRACT §5) and the per-route scope check. */
final class Authentication {
    private static final String KEY = "recolab.apiKey";
    private final ApiKeys keys;

    Authentication(ApiKeys keys) {
        this.keys = keys;
    }

    void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized("missing API key: send Authorization: Bearer <key>");
        }
        ApiKey key = keys.authenticate(header.substring(7).trim())
                .orElseThrow(() -> ApiError.unauthorized("invalid, expired or revoked API key"));
        ctx.put(KEY, key);
        ctx.next();
    }

    static Handler<RoutingContext> requires(Scope scope) {
        return ctx -> {
            ApiKey key = ctx.get(KEY);
            if (key == null || !key.allows(scope)) {
                throw ApiError.forbidden("this key lacks the '" + scope.wireName() + "' scope");
            }
            ctx.next();
        };
    }

    static String actor(RoutingContext ctx) {
        ApiKey key = ctx.get(KEY);
        return key == null ? "anonymous" : key.actor();
    }
}
