package io.recolab.http;

import io.recolab.domain.DomainError;
import io.recolab.domain.Text;
import io.recolab.experiment.ExperimentDefinition;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks every request gets before any route sees it, so that routes added later are covered too:
 * no NUL character anywhere (PostgreSQL cannot store one in text and would fail the call as a
 * store error, H2 would store it), and an experiment key in a path that cannot name an experiment
 * is a plain 404 without a trip to the store.
 */
final class InputGuard {
    /** {@code /api/v1/experiments/KEY} and everything below it; the key is the first group. */
    static final String EXPERIMENT_PATH = "/api/v1/experiments/([^/]+)(?:/.*)?";

    private InputGuard() {
    }

    /**
     * A query string that cannot be percent-decoded ({@code ?unit=%zz}) is the caller's error. Left
     * alone, vert.x fails to decode it while it matches the next route with a path parameter, outside
     * any handler, and answers a plain-text "Bad Request" after logging an ERROR with a stack trace
     * for every such request. Decoded, each parameter must be well-formed text ({@link Text}).
     */
    static void decodableQuery(RoutingContext ctx) {
        String query = ctx.request().query();
        if (query != null && !query.isEmpty()) {
            io.vertx.core.MultiMap params;
            try {
                params = ctx.request().params();
            } catch (IllegalArgumentException e) {
                throw DomainError.invalid("the query string cannot be decoded (" + e.getMessage().replaceFirst(" of '.*", "")
                        + "): escape '%' as %25 and send UTF-8 bytes as %XX pairs");
            }
            // Bytes that are no UTF-8 decode to U+FFFD: the one text rule, for every query parameter.
            for (var param : params) {
                // The field's name is built only for a refusal: this runs on every call with a query.
                if (Text.malformation(param.getKey()) != null || Text.malformation(param.getValue()) != null) {
                    String field = "query parameter '" + shorten(param.getKey()) + "'";
                    Text.requireWellFormed(field, param.getKey());
                    Text.requireWellFormed(field, param.getValue());
                }
            }
        }
        ctx.next();
    }

    /** Rejects NUL in the URI (percent-encoded) or in the body (raw, or as a JSON escape). */
    static void rejectNul(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.contains("%00")) { // digits: no case to fold
            throw ApiError.badRequest("the URI contains a NUL character (%00); no parameter may hold control characters");
        }
        if (ctx.body() != null && ctx.body().length() > 0 && containsNul(ctx.body().asString())) {
            throw ApiError.badRequest("the body contains a NUL character (\\u0000); no field may hold one");
        }
        ctx.next();
    }

    /** True if the text holds a raw NUL or a JSON {@code \u0000} escape (not an escaped backslash before "u0000"). */
    static boolean containsNul(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (c == '\\') {
                if (i + 5 < text.length() && text.charAt(i + 1) == 'u' && text.charAt(i + 2) == '0'
                        && text.charAt(i + 3) == '0' && text.charAt(i + 4) == '0' && text.charAt(i + 5) == '0') {
                    return true;
                }
                i++; // skip the escaped character, so "\\u0000" (a backslash, then text) is not taken for NUL
            }
        }
        return false;
    }

    /** {@code /api/v1/experiments/KEY...}: a key that breaks the key rule names no experiment. */
    static void experimentKey(RoutingContext ctx) {
        String key = ctx.pathParam("param0");
        if (key != null && !ExperimentDefinition.KEY.matcher(key).matches()) {
            throw ApiError.notFound("no experiment '" + shorten(key) + "' (keys match " + ExperimentDefinition.KEY.pattern() + ")");
        }
        ctx.next();
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
