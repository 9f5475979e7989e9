package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.auth.Permission;
import io.recolab.experiment.Change;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.ExperimentService;
import io.recolab.experiment.Status;
import io.recolab.experiment.Transition;
import io.recolab.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/experiments}: definitions and lifecycle (CONTRACT §4, §5). */
final class ExperimentRoutes {
    private final ExperimentService experiments;

    ExperimentRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments").handler(Authentication.requires(Permission.READ)).handler(this::list);
        router.post("/api/v1/experiments").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::create);
        router.get("/api/v1/experiments/:key").handler(Authentication.requires(Permission.READ)).handler(this::get);
        router.put("/api/v1/experiments/:key").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::update);
        router.post("/api/v1/experiments/:key/:action").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::transition);
    }

    private void list(RoutingContext ctx) {
        String statusFilter = ctx.request().getParam("status");
        Status wanted = statusFilter == null ? null : parseStatus(statusFilter);
        Responses.blocking(ctx, experiments::list, all -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode items = body.putArray("experiments");
            all.stream().filter(e -> wanted == null || e.status() == wanted).forEach(e -> items.add(summary(e)));
            Responses.json(ctx, body);
        });
    }

    private void create(RoutingContext ctx) {
        ExperimentDefinition definition = DefinitionJson.parse(Bodies.json(ctx));
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> experiments.create(definition, actor), created -> {
            ctx.response().putHeader("Location", "/api/v1/experiments/" + created.key());
            Responses.json(ctx, 201, detail(created, List.of()));
        });
    }

    private void get(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        Responses.blocking(ctx, () -> {
            Experiment e = experiments.get(key);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(ctx, body));
    }

    private void update(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        ExperimentDefinition definition = DefinitionJson.parse(Bodies.json(ctx));
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> {
            Experiment e = experiments.update(key, definition, actor);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(ctx, body));
    }

    private void transition(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String action = ctx.pathParam("action");
        Transition transition = Transition.fromWire(action).orElseThrow(() -> ApiError.notFound(
                "no action '" + action + "' (known: start, pause, resume, stop)"));
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> {
            Experiment e = experiments.transition(key, transition, actor);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(ctx, body));
    }

    private static ObjectNode putState(ObjectNode node, Experiment e) {
        node.put("status", e.status().wireName());
        node.put("revision", e.revision());
        node.put("createdAt", e.createdAt().toString());
        node.put("updatedAt", e.updatedAt().toString());
        node.put("startedAt", e.startedAt() == null ? null : e.startedAt().toString());
        return node;
    }

    private static Status parseStatus(String s) {
        try {
            return Status.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status must be one of draft, running, paused, stopped; got \"" + s + "\"");
        }
    }

    /** A list entry: the definition's fields flattened, plus the lifecycle state. */
    static ObjectNode summary(Experiment e) {
        return putState(DefinitionJson.toJson(e.definition()), e);
    }

    static ObjectNode detail(Experiment e, List<Change> history) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("definition", DefinitionJson.toJson(e.definition()));
        putState(node, e);
        node.putPOJO("allowedActions", Transition.allowedFrom(e.status()));
        ArrayNode changes = node.putArray("history");
        for (Change c : history) {
            ObjectNode change = changes.addObject();
            change.put("at", c.at().toString());
            change.put("actor", c.actor());
            change.put("action", c.action());
            JsonNode detail = Json.parse(c.detail());
            change.set("detail", detail);
        }
        return node;
    }
}
