package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.Accounts;
import io.recolab.auth.People;
import io.recolab.auth.Permission;
import io.recolab.auth.Principal;
import io.recolab.auth.Role;
import io.recolab.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/users}: people's accounts, for admins: create, list, set role, reset password, disable. */
final class UserRoutes {
    private final People people;

    UserRoutes(People people) {
        this.people = people;
    }

    void mount(Router router) {
        router.get("/api/v1/users").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::list);
        router.post("/api/v1/users").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::create);
        router.patch("/api/v1/users/:username").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::change);
    }

    private void list(RoutingContext ctx) {
        Responses.blocking(ctx, () -> people.accounts().list(), users -> Responses.json(ctx,
                Map.of("users", users.stream().map(UserRoutes::view).toList())));
    }

    private void create(RoutingContext ctx) {
        JsonNode body = Bodies.object(ctx, Set.of("username", "role", "password"));
        String username = Bodies.text(body, "username", true);
        Role role = role(Bodies.text(body, "role", true));
        String password = Bodies.text(body, "password", true);
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> people.accounts().create(username, role, password, actor), user -> {
            ctx.response().putHeader("Location", "/api/v1/users/" + user.username());
            Responses.json(ctx, 201, view(user));
        });
    }

    private void change(RoutingContext ctx) {
        String username = ctx.pathParam("username");
        JsonNode body = Bodies.object(ctx, Set.of("role", "disabled", "password"));
        String roleName = Bodies.text(body, "role", false);
        Accounts.Change change = new Accounts.Change(roleName == null ? null : role(roleName), Bodies.bool(body, "disabled"),
                Bodies.text(body, "password", false));
        Principal by = Authentication.principal(ctx);
        Responses.blocking(ctx, () -> people.accounts().change(username, change, by), user -> Responses.json(ctx, view(user)));
    }

    private static Role role(String name) {
        try {
            return Role.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.unprocessable("role: " + e.getMessage());
        }
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", u.username());
        out.put("role", u.role().wireName());
        out.put("disabled", u.disabled());
        out.put("createdAt", u.createdAt().toString());
        out.put("updatedAt", u.updatedAt().toString());
        out.put("passwordChangedAt", u.passwordChangedAt().toString());
        return out;
    }
}
