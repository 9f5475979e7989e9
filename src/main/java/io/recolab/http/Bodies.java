package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Small JSON request bodies read field by field, with messages that name the field. */
final class Bodies {
    private Bodies() {
    }

    /** The body as a JSON object with no fields but {@code allowed}. */
    static JsonNode object(RoutingContext ctx, Set<String> allowed) {
        JsonNode body = Json.parse(ctx.body().asString());
        if (!body.isObject()) {
            throw ApiError.badRequest("expected a JSON object");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw ApiError.unprocessable("unknown field '" + name + "' (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
        return body;
    }

    /** A string field; null if absent and not required. Never echoes the value (it may be a password). */
    static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiError.unprocessable(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.unprocessable(field + " must be a string");
        }
        return node.textValue();
    }

    static Boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiError.unprocessable(field + " must be true or false");
        }
        return node.booleanValue();
    }
}
