package io.recolab.http;

import io.recolab.domain.DomainError;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recolab.experiment.InvalidDefinition;
import io.recolab.json.Json;
import io.recolab.store.StoreException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers: always {@code {"error": "..."}} with the right
 * status; a stack trace goes to the log, never to the caller.
 */
final class ErrorRendering {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRendering.class);
    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            400, "bad request",
            401, "missing or invalid API key: send Authorization: Bearer <key>",
            403, "this key lacks the scope for this call",
            404, "not found",
            405, "method not allowed",
            413, "request body too large",
            415, "unsupported media type",
            503, "service unavailable");

    private ErrorRendering() {
    }

    static void handle(RoutingContext ctx) {
        try (var mdc = RequestTracking.inMdc(RequestTracking.id(ctx))) {
            render(ctx);
        }
    }

    private static void render(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        // Failures of asynchronous work (the event writer's futures) arrive wrapped.
        while (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        int status;
        String message;
        if (failure instanceof ApiError e) {
            status = e.status();
            message = e.getMessage();
        } else if (failure instanceof DomainError e) {
            status = status(e.kind());
            message = e.getMessage();
        } else if (failure instanceof InvalidDefinition e) {
            status = 422;
            message = e.getMessage();
        } else if (failure instanceof io.vertx.core.json.DecodeException || failure instanceof JsonProcessingException) {
            status = 400;
            message = "malformed JSON";
        } else if (failure instanceof StoreException e) {
            status = 503;
            message = "the database is unavailable; retry later";
            LOG.warn("store failure on {} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
        } else if (failure != null && ctx.statusCode() < 400) {
            status = 500;
            message = "internal error; see the server log";
            LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        } else {
            status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            message = DEFAULT_MESSAGES.getOrDefault(status, "error");
        }
        send(ctx, status, message);
    }

    /** The one place where a domain refusal becomes an HTTP status. */
    static int status(DomainError.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case STALE -> 412;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
        };
    }

    static void send(RoutingContext ctx, int status, String message) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json");
        if (status == 503 && !response.headers().contains("Retry-After")) {
            response.putHeader("Retry-After", "1");
        }
        response.end(Json.write(Map.of("error", message)));
    }

    /**
     * Requests vert.x could not even decode (request line or headers too long, broken syntax) never
     * reach the router; they get the same JSON error instead of vert.x's plain-text one.
     */
    static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException && cause.getMessage() != null
                && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("header")) {
            status = 431;
            message = "request headers too large";
        } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            status = 414;
            message = "request line (URI) too long";
        } else {
            status = 400;
            message = "malformed HTTP request";
        }
        HttpServerResponse response = request.response();
        response.setStatusCode(status).putHeader("content-type", "application/json").putHeader("Connection", "close")
                .end(Json.write(Map.of("error", message))).onComplete(done -> request.connection().close());
    }

    static void notFound(RoutingContext ctx) {
        send(ctx, 404, "no route " + ctx.request().method() + " " + ctx.request().path());
    }
}
