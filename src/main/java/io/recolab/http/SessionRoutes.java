package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.ApiKey;
import io.recolab.auth.People;
import io.recolab.auth.Permission;
import io.recolab.auth.Principal;
import io.recolab.auth.Scope;
import io.recolab.auth.SignIn;
import io.recolab.auth.SignedIn;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/session}: people signing in with a username and password (a session cookie
 * and a CSRF token come back), who is calling, signing out, and changing one's own password.
 */
final class SessionRoutes {
    private static final String WRONG = "wrong username or password";
    private final People people;

    SessionRoutes(People people) {
        this.people = people;
    }

    /** Sign-in needs no credentials yet: mounted before authentication. */
    void mountSignIn(Router router) {
        router.post("/api/v1/session").handler(this::signIn);
    }

    void mount(Router router) {
        router.get("/api/v1/session").handler(this::current);
        router.delete("/api/v1/session").handler(this::signOut);
        router.put("/api/v1/session/password").handler(this::changePassword);
    }

    private void signIn(RoutingContext ctx) {
        // A page of another site can post a form but not JSON (that would need CORS, which we
        // never allow): requiring JSON keeps other sites from signing a browser in.
        if (!Bodies.declaredJson(ctx)) {
            throw new ApiError(415, "send the username and password as JSON (Content-Type: application/json)");
        }
        JsonNode body = Bodies.object(ctx, Set.of("username", "password"));
        String username = Bodies.text(body, "username", true);
        String password = Bodies.text(body, "password", true);
        String address = Authentication.clientAddress(ctx);
        Responses.blocking(ctx, () -> people.signIn().signIn(username, password, address), outcome -> answer(ctx, outcome, 200));
    }

    private void current(RoutingContext ctx) {
        Responses.json(ctx, view(Authentication.principal(ctx)));
    }

    private void signOut(RoutingContext ctx) {
        SignedIn session = signedIn(ctx);
        Responses.blocking(ctx, () -> {
            people.sessions().end(session);
            return session;
        }, ended -> {
            ctx.response().addCookie(Authentication.sessionCookie(ctx, "").setMaxAge(0));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void changePassword(RoutingContext ctx) {
        SignedIn session = signedIn(ctx);
        JsonNode body = Bodies.object(ctx, Set.of("currentPassword", "newPassword"));
        String current = Bodies.text(body, "currentPassword", true);
        String next = Bodies.text(body, "newPassword", true);
        String address = Authentication.clientAddress(ctx);
        Responses.blocking(ctx, () -> people.signIn().changePassword(session, current, next, address), outcome -> {
            if (outcome instanceof SignIn.Refused) {
                ErrorRendering.send(ctx, 403, "the current password is wrong");
            } else {
                answer(ctx, outcome, 200);
            }
        });
    }

    private static void answer(RoutingContext ctx, SignIn.Outcome outcome, int status) {
        if (outcome instanceof SignIn.Success success) {
            ctx.response().addCookie(Authentication.sessionCookie(ctx, success.issued().token()));
            Responses.json(ctx, status, view(success.issued().session()));
        } else if (outcome instanceof SignIn.Throttled throttled) {
            long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            ErrorRendering.send(ctx, 429, "too many failed sign-ins; retry in " + seconds + " s");
        } else {
            ErrorRendering.send(ctx, 401, WRONG);
        }
    }

    private static SignedIn signedIn(RoutingContext ctx) {
        if (Authentication.principal(ctx) instanceof SignedIn session) {
            return session;
        }
        throw ApiError.conflict("this call is for a signed-in person; an API key has no session or password");
    }

    /** Who is calling and what they may do; for a person also the CSRF token their page must send. */
    static Map<String, Object> view(Principal principal) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (principal instanceof SignedIn s) {
            out.put("kind", "user");
            out.put("username", s.user().username());
            out.put("role", s.user().role().wireName());
            out.put("csrfToken", s.csrfToken());
            out.put("signedInAt", s.signedInAt().toString());
            out.put("expiresAt", s.expiresAt().toString());
        } else if (principal instanceof ApiKey k) {
            out.put("kind", "key");
            out.put("id", k.id());
            out.put("label", k.label());
            out.put("scopes", k.scopes().stream().map(Scope::wireName).sorted().toList());
        }
        out.put("actor", principal.actor());
        out.put("permissions", Arrays.stream(Permission.values()).filter(principal::may).map(Permission::wireName).toList());
        return out;
    }
}
