package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.auth.Permission;
import io.recolab.experiment.ArchiveFilter;
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
        router.delete("/api/v1/experiments/:key").handler(Authentication.requires(Permission.READ)).handler(ExperimentRoutes::noDelete);
        // Before the lifecycle route below, which would take "archive" for an unknown transition.
        router.post("/api/v1/experiments/:key/" + ExperimentService.ARCHIVE)
                .handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(ctx -> archive(ctx, true));
        router.post("/api/v1/experiments/:key/" + ExperimentService.UNARCHIVE)
                .handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(ctx -> archive(ctx, false));
        router.post("/api/v1/experiments/:key/:action").handler(Authentication.requires(Permission.MANAGE_EXPERIMENTS)).handler(this::transition);
    }

    private void list(RoutingContext ctx) {
        String statusFilter = ctx.request().getParam("status");
        Status wanted = statusFilter == null ? null : parseStatus(statusFilter);
        ArchiveFilter archived = ArchiveFilter.fromWire(ctx.request().getParam("archived"));
        Responses.blocking(ctx, () -> experiments.list(archived), all -> {
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
        }, body -> Responses.json(withETag(ctx, body), body));
    }

    /**
     * PUT replaces the definition. With {@code If-Match: "REVISION"} (the detail's ETag) the change
     * applies only to that revision: two people editing one experiment no longer undo each other's
     * changes silently; the second gets 412 and reloads.
     */
    private void update(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        Long basedOn = ifMatch(ctx.request().getHeader("If-Match"));
        ExperimentDefinition definition = DefinitionJson.parse(Bodies.json(ctx));
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> {
            Experiment e = experiments.update(key, definition, actor, basedOn);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(withETag(ctx, body), body));
    }

    /** The revision an If-Match header names ({@code "7"}, {@code W/"7"} or {@code 7}); null without one or for {@code *}. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("[0-9]{1,18}")) {
            throw ApiError.badRequest("If-Match: must be the experiment's ETag, its revision in quotes like \"7\"; got "
                    + (header.length() > 40 ? header.substring(0, 40) + "..." : header));
        }
        return Long.parseLong(tag);
    }

    private static RoutingContext withETag(RoutingContext ctx, ObjectNode detail) {
        ctx.response().putHeader("ETag", "\"" + detail.path("revision").asLong() + "\"");
        return ctx;
    }

    private void transition(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String action = ctx.pathParam("action");
        Transition transition = Transition.fromWire(action).orElseThrow(() -> ApiError.notFound(
                "no action '" + action + "' (known: start, pause, resume, stop, archive, unarchive)"));
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> {
            Experiment e = experiments.transition(key, transition, actor);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(ctx, body));
    }

    private void archive(RoutingContext ctx, boolean archive) {
        String key = ctx.pathParam("key");
        String actor = Authentication.actor(ctx);
        Responses.blocking(ctx, () -> {
            Experiment e = archive ? experiments.archive(key, actor) : experiments.unarchive(key, actor);
            return detail(e, experiments.history(key));
        }, body -> Responses.json(ctx, body));
    }

    /**
     * Experiments are never deleted: their events, results and audit trail are the record of what
     * was decided. A DELETE that quietly archived would let a caller believe the data is gone, so
     * it is refused, naming the call that does what the caller most likely wants.
     */
    private static void noDelete(RoutingContext ctx) {
        ctx.response().putHeader("Allow", "GET, PUT");
        throw new ApiError(405, "experiments are not deleted (their events, results and history stay); to hide '"
                + ctx.pathParam("key") + "' from the list, archive it: POST /api/v1/experiments/" + ctx.pathParam("key") + "/archive");
    }

    private static ObjectNode putState(ObjectNode node, Experiment e) {
        node.put("status", e.status().wireName());
        node.put("revision", e.revision());
        node.put("createdAt", e.createdAt().toString());
        node.put("updatedAt", e.updatedAt().toString());
        node.put("startedAt", e.startedAt() == null ? null : e.startedAt().toString());
        node.put("stoppedAt", e.stoppedAt() == null ? null : e.stoppedAt().toString());
        node.put("archived", e.archived());
        node.put("archivedAt", e.archived() ? e.archivedAt().toString() : null);
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
        node.putPOJO("allowedActions", Transition.actionsFor(e));
        ArrayNode changes = node.putArray("history");
        for (Change c : history) {
            ObjectNode change = changes.addObject();
            change.put("at", c.at().toString());
            change.put("actor", c.actor());
            change.put("action", c.action());
            JsonNode detail = Json.readOwn(c.detail());
            change.set("detail", detail);
        }
        return node;
    }
}
