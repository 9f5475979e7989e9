package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.targeting.Attributes;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A unit's attributes as a call brings them: {@code attr.NAME=value} parameters or an "attributes" object. */
final class AttributeParams {
    static final String PREFIX = "attr.";

    private AttributeParams() {
    }

    /** Query parameters are text: "30" compares as a number against a number (see Values). */
    static Map<String, Object> fromQuery(RoutingContext ctx) {
        Map<String, Object> out = null;
        for (Map.Entry<String, String> p : ctx.request().params()) {
            if (!p.getKey().startsWith(PREFIX)) {
                continue;
            }
            if (out == null) {
                out = new HashMap<>();
            }
            try {
                Attributes.put(out, p.getKey().substring(PREFIX.length()), p.getValue(), "attr");
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        return out == null ? Attributes.NONE : Collections.unmodifiableMap(out);
    }

    static Map<String, Object> fromBody(JsonNode body) {
        try {
            return Attributes.fromJson(body.get("attributes"), "attributes");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
