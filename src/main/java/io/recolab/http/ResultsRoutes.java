package io.recolab.http;

import io.recolab.analysis.Results;
import io.recolab.export.ResultsRows;
import io.recolab.report.ResultsHtml;
import java.util.List;
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
    private final java.util.function.Function<String, List<io.recolab.experiment.Change>> history;

    /** @param history an experiment's audit trail (the report says when a guardrail paused it, and who resumed) */
    ResultsRoutes(Results results, java.util.function.Function<String, List<io.recolab.experiment.Change>> history) {
        this.results = results;
        this.history = history;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/results").handler(Authentication.requires(Permission.READ)).handler(this::results);
        router.get("/api/v1/experiments/:key/report.html").handler(Authentication.requires(Permission.READ)).handler(this::report);
    }

    /**
     * The results page as one printable, self-contained HTML document (report.ResultsHtml): every metric
     * of the definition with its charts inlined as SVG, then each slice dimension with its forest plot.
     */
    private void report(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        Results.Options options = options(ctx);
        Responses.blocking(ctx, () -> {
            var definition = results.definition(key);
            List<ResultsReport> reports = definition.metrics().stream().map(m -> results.compute(key, m.name(), options)).toList();
            List<SliceReport> slices = definition.slices().stream().map(d -> results.slices(key, null, d, options)).toList();
            ResultsReport first = reports.get(0);
            List<String> alerts = io.recolab.analysis.AutoPauseState.of(history.apply(key))
                    .lines(definition.autoPause(), first.status(), first.guardrails() == null ? List.of() : first.guardrails());
            return ResultsHtml.page("Results: " + key, alerts, List.of("Status " + first.status() + "; automatic pause "
                    + (definition.autoPause() ? "on" : "off") + "; "
                    + first.treatments().stream().mapToLong(ResultsReport.TreatmentResult::units).sum() + " exposed units"
                    + (first.excluded().isEmpty() ? "" : "; exposures stored but not counted: " + first.excluded())
                    + (first.excludedConversions().isEmpty() ? ""
                    : "; conversions stored but not counted: " + first.excludedConversions()), "Drawn "
                    + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " from the same reports as"
                    + " GET /api/v1/experiments/" + key + "/results."), reports, slices);
        }, (String html) -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                // The page's own policy (report.HtmlPage): its styles are inline, and nothing in it may run or load.
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
                        + " frame-ancestors 'none'")
                .end(html));
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
                    alpha == null ? ComparisonRequest.DEFAULT_ALPHA : alpha(alpha));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static double alpha(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("alpha must be a number in (0, 1), got \"" + text + "\"");
        }
    }
}
