package io.recolab.http;

import io.recolab.auth.ApiKey;
import io.recolab.auth.ApiKeys;
import io.recolab.auth.People;
import io.recolab.auth.Permission;
import io.recolab.auth.Principal;
import io.recolab.auth.Sessions;
import io.recolab.auth.SignedIn;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who is calling: a service with {@code Authorization: Bearer <key>} (CONTRACT §5), or a person
 * with the session cookie set at sign-in. A cookie is sent by the browser on its own, so a call
 * that changes anything must also carry the session's CSRF token in {@code X-CSRF-Token}, which
 * only pages of this origin can read; a bearer key is never sent on its own and needs none.
 */
final class Authentication {
    static final String SESSION_COOKIE = "recolab_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PRINCIPAL = "recolab.principal";
    private final ApiKeys keys;
    private final People people;

    Authentication(ApiKeys keys, People people) {
        this.keys = keys;
        this.people = people;
    }

    void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiError.unauthorized("missing API key: send Authorization: Bearer <key>");
            }
            ApiKey key = keys.authenticate(header.substring(7).trim())
                    .orElseThrow(() -> ApiError.unauthorized("invalid, expired or revoked API key"));
            ctx.put(PRINCIPAL, key);
            ctx.next();
            return;
        }
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw ApiError.unauthorized("missing API key: send Authorization: Bearer <key>, or sign in");
        }
        String token = cookie.getValue();
        ctx.vertx().executeBlocking(() -> people.sessions().authenticate(token), false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Optional<SignedIn> session = result.result();
            if (session.isEmpty()) {
                ctx.response().addCookie(sessionCookie(ctx, "").setMaxAge(0));
                ctx.fail(ApiError.unauthorized("your session has ended; sign in again"));
                return;
            }
            if (!isSafe(ctx.request().method()) && !Sessions.csrfMatches(session.get(), ctx.request().getHeader(CSRF_HEADER))) {
                ctx.fail(ApiError.forbidden("missing or wrong CSRF token: a signed-in page sends the " + CSRF_HEADER
                        + " header it got from /api/v1/session"));
                return;
            }
            ctx.put(PRINCIPAL, session.get());
            ctx.next();
        });
    }

    /** The session cookie: never readable by scripts, never sent by other sites, only over TLS when served so. */
    static Cookie sessionCookie(RoutingContext ctx, String value) {
        boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(SESSION_COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(tls);
    }

    private static boolean isSafe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    static Handler<RoutingContext> requires(Permission permission) {
        return ctx -> {
            Principal principal = ctx.get(PRINCIPAL);
            if (principal == null) {
                throw ApiError.unauthorized("missing API key: send Authorization: Bearer <key>, or sign in");
            }
            if (!principal.may(permission)) {
                throw ApiError.forbidden(principal.refusal(permission));
            }
            ctx.next();
        };
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** Who the change history names: {@code user:NAME} or {@code key:ID (LABEL)}. */
    static String actor(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        return principal == null ? "anonymous" : principal.actor();
    }

    static String clientAddress(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
