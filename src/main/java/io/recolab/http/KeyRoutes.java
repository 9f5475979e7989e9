package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.domain.Times;
import io.recolab.auth.ApiKey;
import io.recolab.auth.ApiKeys;
import io.recolab.auth.Permission;
import io.recolab.auth.Scope;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/keys}: issuing (shown once), listing (by prefix and label, never the key) and
 * revoking API keys; for admins only.
 */
final class KeyRoutes {
    private final ApiKeys keys;

    KeyRoutes(ApiKeys keys) {
        this.keys = keys;
    }

    void mount(Router router) {
        router.post("/api/v1/keys").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::create);
        router.get("/api/v1/keys").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::list);
        router.delete("/api/v1/keys/:id").handler(Authentication.requires(Permission.MANAGE_ACCESS)).handler(this::revoke);
    }

    private void create(RoutingContext ctx) {
        JsonNode body = Bodies.json(ctx);
        JsonNode labelNode = body.get("label");
        if (labelNode == null || !labelNode.isTextual() || labelNode.textValue().isBlank() || labelNode.textValue().length() > 200) {
            throw ApiError.unprocessable("label must be a non-empty string of at most 200 characters");
        }
        JsonNode scopesNode = body.get("scopes");
        if (scopesNode == null || !scopesNode.isArray() || scopesNode.isEmpty()) {
            throw ApiError.unprocessable("scopes must be a non-empty array of assign, read, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < scopesNode.size(); i++) {
            JsonNode s = scopesNode.get(i);
            try {
                scopes.add(Scope.fromWire(s.asText()));
            } catch (IllegalArgumentException e) {
                throw ApiError.unprocessable("scopes[" + i + "]: " + e.getMessage());
            }
        }
        Instant expires = null;
        JsonNode expiresNode = body.get("expiresAt");
        if (expiresNode != null && !expiresNode.isNull()) {
            if (!expiresNode.isTextual()) {
                throw ApiError.unprocessable("expiresAt must be an ISO-8601 instant (a string), got " + expiresNode);
            }
            expires = Times.parse("expiresAt", expiresNode.textValue());
        }
        String label = labelNode.textValue();
        Instant expiresAt = expires;
        String createdBy = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> keys.create(label, scopes, expiresAt, createdBy), issued -> {
            Map<String, Object> out = view(issued.key(), keys.now());
            out.put("key", issued.secret());
            Responses.json(ctx, 201, out);
        });
    }

    private void list(RoutingContext ctx) {
        String prefix = filter(ctx, "prefix");
        String label = filter(ctx, "label");
        Responses.blocking(ctx, () -> keys.list(prefix, label), found -> {
            Instant now = keys.now();
            Responses.json(ctx, Map.of("keys", found.stream().map(k -> view(k, now)).toList()));
        });
    }

    private static String filter(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value != null && value.length() > 200) {
            throw ApiError.badRequest("query parameter '" + name + "' is longer than 200 characters");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Responses.blocking(ctx, () -> {
            keys.revoke(id);
            return id;
        }, revoked -> ctx.response().setStatusCode(204).end());
    }

    static Map<String, Object> view(ApiKey k, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", k.id());
        out.put("prefix", k.prefix());
        out.put("label", k.label());
        out.put("scopes", List.copyOf(k.scopes().stream().map(Scope::wireName).sorted().toList()));
        out.put("createdAt", k.createdAt().toString());
        out.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString());
        out.put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
        out.put("state", k.state(now));
        out.put("createdBy", k.createdBy());
        return out;
    }
}
