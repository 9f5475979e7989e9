package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.domain.DomainError;
import io.recolab.json.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Request bodies: every body of the API is JSON, whatever type the caller declares. {@code curl -d}
 * declares {@code application/x-www-form-urlencoded}, and vert.x's BodyHandler hands bodies so
 * declared to Netty's form decoder, which refuses any over 1 KB (HttpServerOptions'
 * maxFormBufferedBytes) and any with a '%' that is no escape, with a bare 400 naming nothing.
 * {@link #readAsJson} therefore hides a form type from the BodyHandler, which then keeps the raw
 * bytes; the declared type is remembered for messages and for sign-in, the one route that insists
 * on {@code application/json} (a form from another site must not sign a browser in). Every other
 * route takes a bearer key or a session cookie plus the X-CSRF-Token header, neither of which a
 * cross-site form can send, so reading a form-declared body as JSON opens nothing.
 */
final class Bodies {
    private static final String DECLARED_TYPE = "recolab.declaredContentType";

    private Bodies() {
    }

    /** Runs before the BodyHandler on every API route: no body is ever decoded as a form. */
    static void readAsJson(RoutingContext ctx) {
        String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // The server does not decompress request bodies: read as JSON, gzip bytes were "not JSON", which
            // sent the caller looking for a syntax error.
            throw new ApiError(415, "Content-Encoding " + encoding.trim() + " is not accepted on requests; send the JSON"
                    + " body uncompressed");
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            ctx.put(DECLARED_TYPE, type);
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
            }
        }
        ctx.next();
    }

    /** The Content-Type the caller sent (null if none), as sent. */
    static String declaredType(RoutingContext ctx) {
        return ctx.get(DECLARED_TYPE);
    }

    /** True if the caller declared JSON ({@code application/json}, any parameters). */
    static boolean declaredJson(RoutingContext ctx) {
        String type = declaredType(ctx);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /**
     * The body parsed as JSON. When it is not JSON and was declared as something else, the message
     * says that the API reads JSON, so that a caller who sent a form learns what to send instead; a
     * well-formed body whose content is refused (e.g. a lone surrogate) gets the refusal alone.
     */
    static JsonNode json(RoutingContext ctx) {
        try {
            return Json.parse(ctx.body().asString());
        } catch (DomainError e) {
            String type = declaredType(ctx);
            if (type == null || declaredJson(ctx) || wellFormed(ctx.body().asString())) {
                throw e; // the JSON was read; what it says is refused, whatever its declared type
            }
            throw DomainError.invalid(e.getMessage() + " (the body was declared as " + type
                    + "; every body of this API is JSON: send Content-Type: application/json)");
        }
    }

    /** Whether the text is JSON at all (the text rule of {@link Json#parse} aside). */
    private static boolean wellFormed(String body) {
        try {
            Json.readOwn(body);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The body as a JSON object with no fields but {@code allowed}. */
    static JsonNode object(RoutingContext ctx, Set<String> allowed) {
        JsonNode body = json(ctx);
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
