package io.recolab.http;

import io.recolab.domain.Text;
import io.recolab.domain.Times;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.Permission;
import io.recolab.events.ItemIds;
import io.recolab.experiment.Assignments;
import io.recolab.serving.Interaction;
import io.recolab.serving.InteractionService;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/interactions}: customers' real behaviour, one
 * {@code {"customer","item","timestamp","id"}} or {@code {"interactions":[...]}}. Answers after the
 * interactions are stored and the conversions they caused are committed. An interaction with an
 * {@code id} already stored is not stored again (a retried call is harmless).
 */
final class InteractionRoutes {
    static final int MAX_BATCH = 1_000;
    private static final Set<String> FIELDS = Set.of("customer", "item", "timestamp", "id");
    static final int MAX_ID_LENGTH = 128;
    private final InteractionService interactions;

    InteractionRoutes(InteractionService interactions) {
        this.interactions = interactions;
    }

    void mount(Router router) {
        router.post("/api/v1/interactions").handler(Authentication.requires(Permission.ASSIGN)).handler(this::record);
    }

    private void record(RoutingContext ctx) {
        JsonNode body = Bodies.json(ctx);
        Instant now = Times.now(java.time.Clock.systemUTC());
        List<Interaction> batch = parse(body, now);
        Responses.blocking(ctx, () -> interactions.record(batch, now), pending ->
                Future.fromCompletionStage(pending, ctx.vertx().getOrCreateContext()).onComplete(result -> {
                    if (result.failed()) {
                        ctx.fail(result.cause());
                        return;
                    }
                    var outcome = result.result();
                    Responses.json(ctx, Map.of("accepted", outcome.interactions(),
                            "duplicateInteractions", outcome.duplicateInteractions(),
                            "conversions", outcome.conversions(), "duplicates", outcome.duplicates()));
                }));
    }

    static List<Interaction> parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("body must be an interaction object or {\"interactions\":[...]}");
        }
        if (!body.has("interactions")) {
            return List.of(one(body, "body", now));
        }
        JsonNode array = body.get("interactions");
        if (!array.isArray() || body.size() != 1) {
            throw ApiError.badRequest("interactions must be an array, and the only field");
        }
        if (array.isEmpty() || array.size() > MAX_BATCH) {
            throw array.isEmpty() ? ApiError.badRequest("interactions is empty")
                    : ApiError.tooLarge("interactions: at most " + MAX_BATCH + " per call, got " + array.size());
        }
        List<Interaction> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(one(array.get(i), "interactions[" + i + "]", now));
        }
        return out;
    }

    private static Interaction one(JsonNode node, String at, Instant now) {
        if (!node.isObject()) {
            throw ApiError.badRequest(at + ": must be an object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ApiError.badRequest(at + ": unknown field '" + name + "'; allowed: customer, item, timestamp, id");
            }
        });
        String customer = Text.requireId(at + ".customer", text(node, at, "customer"), Assignments.MAX_UNIT_LENGTH);
        String item = Text.requireId(at + ".item", text(node, at, "item"), ItemIds.MAX_LENGTH);
        Instant time = now;
        JsonNode ts = node.get("timestamp");
        if (ts != null && !ts.isNull()) {
            if (!ts.isTextual()) {
                throw ApiError.badRequest(at + ".timestamp: must be an ISO-8601 string, got " + ts.getNodeType().name().toLowerCase());
            }
            time = Times.parse(at + ".timestamp", ts.textValue());
            if (time.isAfter(now.plusSeconds(3600))) {
                throw ApiError.unprocessable(at + ".timestamp: lies in the future: " + ts.asText());
            }
        }
        String id = null;
        JsonNode idNode = node.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw ApiError.badRequest(at + ".id: must be a string of 1.." + MAX_ID_LENGTH + " characters");
            }
            id = Text.requireId(at + ".id", idNode.textValue(), MAX_ID_LENGTH);
        }
        return new Interaction(customer, item, time, id);
    }

    private static String text(JsonNode node, String at, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw ApiError.badRequest(at + "." + field + ": is required and must be a string");
        }
        return v.textValue();
    }
}
