package io.recolab.http;

import io.recolab.analysis.Results;
import io.recolab.export.ResultsRows;
import io.recolab.analysis.ResultsReport;
import io.recolab.analysis.SliceReport;
import io.recolab.auth.Permission;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.TestType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/experiments/{key}/results[?metric=NAME][&format=csv][&test=..][&correction=..][&alpha=..]}:
 * reads the rollups on the worker pool and answers JSON, or the treatments table as CSV. With
 * {@code &slice=DIMENSION} the answer is the results by that slice dimension (analysis.SliceReport, JSON).
 */
final class ResultsRoutes {
    private final Results results;

    ResultsRoutes(Results results) {
        this.results = results;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/results").handler(Authentication.requires(Permission.READ)).handler(this::results);
    }

    private void results(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String metric = ctx.request().getParam("metric");
        String format = ctx.request().getParam("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiError.badRequest("format must be json or csv, got \"" + format + "\"");
        }
        Results.Options options = options(ctx);
        String slice = ctx.request().getParam("slice");
        if (slice != null) {
            if (!format.equals("json")) {
                throw ApiError.badRequest("slice: results by slice are JSON only, got format \"" + format + "\"");
            }
            Responses.blocking(ctx, () -> results.slices(key, metric, slice, options), (SliceReport report) ->
                    Responses.json(ctx, report));
            return;
        }
        Responses.blocking(ctx, () -> results.compute(key, metric, options), (ResultsReport report) -> {
            if (format.equals("csv")) {
                ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + key + "-results.csv\"")
                        .end(ResultsRows.csv(report));
            } else {
                Responses.json(ctx, report);
            }
        });
    }

    /** The {@code test}, {@code correction} and {@code alpha} parameters, with their defaults; charts read them too. */
    static Results.Options options(RoutingContext ctx) {
        try {
            String test = ctx.request().getParam("test");
            String correction = ctx.request().getParam("correction");
            String alpha = ctx.request().getParam("alpha");
            return new Results.Options(
                    test == null ? TestType.FREQUENTIST : TestType.parse("test", test),
                    correction == null ? Correction.HOLM : Correction.parse("correction", correction),
                    alpha == null ? ComparisonRequest.DEFAULT_ALPHA : Double.parseDouble(alpha));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
