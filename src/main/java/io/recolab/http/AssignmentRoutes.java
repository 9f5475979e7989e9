package io.recolab.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.Permission;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Assignment endpoints. They run on the event loop on purpose: assignment is a pure function of
 * the cached definitions, costs microseconds and never waits on the database.
 */
final class AssignmentRoutes {
    static final int MAX_BATCH_UNITS = 1_000;
    static final int MAX_BATCH_EXPERIMENTS = 100;
    static final int MAX_BATCH_ASSIGNMENTS = 10_000;
    private final Assignments assignments;
    private final io.recolab.ops.Telemetry telemetry;

    AssignmentRoutes(Assignments assignments, io.recolab.ops.Telemetry telemetry) {
        this.assignments = assignments;
        this.telemetry = telemetry;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/assignment").handler(Authentication.requires(Permission.ASSIGN)).handler(this::one);
        router.post("/api/v1/assignments").handler(Authentication.requires(Permission.ASSIGN)).handler(this::batch);
    }

    private void one(RoutingContext ctx) {
        Assignment a = assignments.assign(ctx.pathParam("key"), Responses.requiredParam(ctx, "unit"),
                AttributeParams.fromQuery(ctx));
        telemetry.assigned(a.inExperiment());
        Responses.json(ctx, a);
    }

    private void batch(RoutingContext ctx) {
        JsonNode body = Bodies.object(ctx, java.util.Set.of("units", "experiments", "attributes"));
        List<String> units = strings(body, "units", MAX_BATCH_UNITS);
        List<String> experiments = strings(body, "experiments", MAX_BATCH_EXPERIMENTS);
        Map<String, Object> attributes = AttributeParams.fromBody(body); // the same for every unit of the call
        if ((long) units.size() * experiments.size() > MAX_BATCH_ASSIGNMENTS) {
            throw ApiError.tooLarge("at most " + MAX_BATCH_ASSIGNMENTS + " assignments per call, asked "
                    + units.size() + " units x " + experiments.size() + " experiments");
        }
        List<Assignment> out = new ArrayList<>(units.size() * experiments.size());
        for (String experiment : experiments) {
            for (Assignment a : assignments.assignAll(experiment, units, attributes)) {
                telemetry.assigned(a.inExperiment());
                out.add(a);
            }
        }
        Responses.json(ctx, Map.of("assignments", out));
    }

    private static List<String> strings(JsonNode body, String field, int max) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray()) {
            throw ApiError.badRequest(field + " must be an array of strings");
        }
        if (array.size() > max) {
            throw ApiError.tooLarge(field + ": at most " + max + " per call, got " + array.size());
        }
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isTextual()) {
                throw ApiError.badRequest(field + "[" + i + "] must be a string, got " + v);
            }
            values.add(v.textValue());
        }
        return values;
    }
}
