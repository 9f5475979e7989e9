package io.recolab.http;

import io.recolab.analysis.Results;
import io.recolab.auth.Permission;
import io.recolab.charts.ChartSeries;
import io.recolab.charts.EffectIntervals;
import io.recolab.charts.ExperimentCharts;
import io.recolab.charts.IntervalCharts;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.TestType;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/experiments/{key}/charts/{cumulative|lift|exposures|intervals|slices}.{png|svg}[?metric=][&test=][&scale=1..3]}:
 * the results page's charts, drawn on the worker pool from the same report as the results JSON
 * ({@code intervals}: each treatment's effect with its interval; {@code slices?slice=DIMENSION}: the
 * forest plot of the results by that slice, from the same report as {@code results?slice=}).
 */
final class ChartRoutes {
    /** Each treatment's effect with its interval (CUPED: plain and adjusted), for the metric's kind. */
    static final String INTERVALS = "intervals";
    /** The forest plot of one slice dimension: {@code ?slice=DIMENSION} is required. */
    static final String SLICES = "slices";
    static final java.util.List<String> NAMES = java.util.stream.Stream.concat(ExperimentCharts.NAMES.stream(),
            java.util.stream.Stream.of(INTERVALS, SLICES)).toList();

    private final Results results;

    ChartRoutes(Results results) {
        this.results = results;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/charts/:file").handler(Authentication.requires(Permission.READ)).handler(this::chart);
    }

    private void chart(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String file = ctx.pathParam("file");
        boolean svg = file.endsWith(".svg");
        String name = file.endsWith(".png") || svg ? file.substring(0, file.length() - 4) : null;
        if (name == null || !NAMES.contains(name)) {
            throw ApiError.notFound("no chart '" + file + "' (known: " + NAMES.stream()
                    .map(n -> n + ".png, " + n + ".svg").collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        int scale = scale(ctx.request().getParam("scale")); // checked for both; a vector image ignores it
        Results.Options options = ResultsRoutes.options(ctx);
        String metric = ctx.request().getParam("metric");
        String slice = ctx.request().getParam("slice");
        if (name.equals(SLICES) && (slice == null || slice.isBlank())) {
            throw ApiError.badRequest("slice is required for slices." + (svg ? "svg" : "png")
                    + ": one of the experiment's slice dimensions (e.g. ?slice=device)");
        }
        if (!name.equals(SLICES) && slice != null) {
            throw ApiError.badRequest("slice: only the slices chart is drawn by slice, not " + file);
        }
        Responses.blocking(ctx, () -> {
            if (name.equals(INTERVALS) || name.equals(SLICES)) {
                EffectIntervals data = name.equals(SLICES) ? EffectIntervals.of(results.slices(key, metric, slice, options))
                        : EffectIntervals.of(results.compute(key, metric, options));
                return svg ? Buffer.buffer(IntervalCharts.svg(data, true)) : Buffer.buffer(IntervalCharts.png(data, scale));
            }
            ChartSeries series = new ChartSeries(results.compute(key, metric, options));
            return svg ? Buffer.buffer(ExperimentCharts.svg(name, series, true))
                    : Buffer.buffer(ExperimentCharts.png(name, series, scale));
        }, image -> ctx.response().putHeader("content-type", svg ? "image/svg+xml" : "image/png")
                .putHeader("Cache-Control", "no-store").end(image));
    }

    private static int scale(String s) {
        if (s == null) {
            return 1;
        }
        try {
            int scale = Integer.parseInt(s);
            if (scale >= 1 && scale <= ExperimentCharts.MAX_SCALE) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw ApiError.badRequest("scale must be 1, 2 or 3, got \"" + s + "\"");
    }
}
