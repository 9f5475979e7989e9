package io.recolab.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer carries: the UI runs no inline script and may not be framed, browsers must
 * not guess content types, and API answers (which may hold keys or customer data) are not cached.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void add(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("X-Content-Type-Options", "nosniff");
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.putHeader("X-Frame-Options", "DENY");
        response.putHeader("Referrer-Policy", "no-referrer");
        if (ctx.request().path().startsWith("/api/")) {
            response.putHeader("Cache-Control", "no-store");
        }
        ctx.next();
    }
}
