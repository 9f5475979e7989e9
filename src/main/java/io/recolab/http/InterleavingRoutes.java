package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.export.ExportFormat;
import io.recolab.export.Rows;
import io.recolab.interleave.Interleaving;
import io.recolab.interleave.InterleavingStore;
import io.recolab.interleave.InterleavingSummary;
import io.recolab.interleave.Side;
import io.recolab.serving.ExposureIds;
import io.recolab.serving.RecommendationService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Interleaving experiments over HTTP (issue 24): the team-draft recommendations ({@code GET /api/v1/recommendations}
 * hands them here) and {@code GET /api/v1/experiments/{key}/interleaving[?format=json|csv|jsonl]}: the results
 * as JSON, or every unit's credits and preference as CSV or JSON lines (the export formats of io.recolab.export).
 */
final class InterleavingRoutes {
    static final List<String> UNIT_COLUMNS = List.of("unit", "credits_a", "credits_b", "preference");
    private final Interleaving interleaving;

    InterleavingRoutes(Interleaving interleaving) {
        this.interleaving = interleaving;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/interleaving").handler(Authentication.requires(Permission.READ))
                .handler(this::results);
    }

    /**
     * The interleaved list: recorded (which side showed which item) and logged as the exposure, both under the id
     * the request id gives, so a retry shows the same list and records nothing twice. Without a request id every
     * call is a new show with its own coins.
     */
    static void recommend(RoutingContext ctx, Interleaving interleaving, RecommendationService recommendations,
                          String experiment, String unit, int n, String requestId) {
        String request = requestId != null ? requestId : UUID.randomUUID().toString();
        String eventId = ExposureIds.of(request, unit);
        Map<String, Object> attributes = AttributeParams.fromQuery(ctx);
        Responses.blocking(ctx, () -> interleaving.recommend(experiment, unit, n, request, eventId, attributes), served -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("experiment", served.assignment().experiment());
            body.put("unit", served.assignment().unit());
            body.put("design", "interleaving");
            body.put("inExperiment", served.assignment().inExperiment());
            if (served.assignment().reason() != null) { // why it is out (or forced), as the assignment answer says
                body.put("reason", served.assignment().reason());
            }
            body.put("interleaved", served.interleaved());
            List<Map<String, Object>> items = new ArrayList<>();
            for (Interleaving.Shown s : served.items()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("item", s.item());
                item.put("side", s.side() == null ? null : s.side().wireName());
                item.put("recommender", s.recommender());
                if (s.neutral()) { // only with "sharedItems": "neutral": answers of other experiments keep their shape
                    item.put("neutral", true);
                }
                items.add(item);
            }
            body.put("items", items);
            body.put("fallback", served.fallback());
            if (!served.targeted()) {
                body.put("exposureId", null);
                body.put("exposureLogged", false);
                Responses.json(ctx, body);
                return;
            }
            body.put("exposureId", eventId);
            recommendations.logExposure(served.recommended(), eventId).whenComplete((logged, failure) ->
                    ctx.vertx().runOnContext(v -> {
                        body.put("exposureLogged", failure == null && logged);
                        Responses.json(ctx, body);
                    }));
        });
    }

    private void results(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        if (interleaving == null) { // a server wired without it (tests of other routes)
            throw ApiError.notFound("no interleaving experiment '" + key + "'");
        }
        String format = ctx.request().getParam("format", "json");
        if (!format.equals("json") && !format.equals("csv") && !format.equals("jsonl")) {
            throw ApiError.badRequest("format must be json, csv or jsonl, got \"" + format + "\"");
        }
        Responses.blocking(ctx, () -> interleaving.results(key), (Interleaving.Report report) -> {
            if (format.equals("json")) {
                Responses.json(ctx, view(report));
                return;
            }
            ExportFormat f = ExportFormat.parse(format);
            ctx.response().putHeader("content-type", f == ExportFormat.CSV ? "text/csv; charset=utf-8"
                            : "application/x-ndjson; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + key + "-interleaving." + format + "\"")
                    .end(units(report, f));
        });
    }

    static String units(Interleaving.Report report, ExportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Rows rows = Rows.open(format, UNIT_COLUMNS, out)) {
            for (InterleavingStore.UnitCredits u : report.units()) {
                rows.row(u.unit(), u.creditsA(), u.creditsB(), u.preference().wireName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Map<String, Object> view(Interleaving.Report r) {
        InterleavingSummary s = r.summary();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment", r.experiment());
        body.put("design", "interleaving");
        body.put("units", s.units());
        body.put("ties", s.ties());
        List<Map<String, Object>> sides = new ArrayList<>();
        for (Side side : Side.values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("side", side.wireName());
            v.put("treatment", r.sides().get(side.ordinal()).name());
            v.put("recommender", r.sides().get(side.ordinal()).recommender());
            v.put("unitsPreferring", side == Side.A ? s.preferA() : s.preferB());
            boolean a = side == Side.A;
            v.put("share", finite(a ? s.shareA() : s.shareB()));
            v.put("shareLow", finite(a ? s.shareALow() : 1 - s.shareAHigh()));
            v.put("shareHigh", finite(a ? s.shareAHigh() : 1 - s.shareALow()));
            sides.add(v);
        }
        body.put("sides", sides);
        body.put("interval", "Clopper-Pearson, share of the non-tied units");
        body.put("pValue", s.pValue());
        body.put("test", "exact two-sided sign (binomial) test on the non-tied units");
        body.put("sequentialPValue", s.sequentialPValue());
        body.put("alpha", s.alpha());
        body.put("winner", s.winner() == null ? null : s.winner().wireName());
        body.put("computedAt", r.computedAt().toString());
        return body;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
