package io.recolab.http;

import io.recolab.analysis.DailyRow;
import io.recolab.analysis.Results;
import io.recolab.analysis.ResultsCsv;
import io.recolab.analysis.ResultsReport;
import io.recolab.auth.Permission;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/experiments/{key}/export/{results|daily}.csv[?metric=][&test=]}: the results
 * table (as {@code results?format=csv}) and the daily rollups behind it. Minimal on purpose:
 * exposure- and conversion-level exports are a later issue.
 */
final class ExportRoutes {
    static final String DAILY_HEADER = "experiment,metric,date,treatment,units,conversions,sum,sum_squares,"
            + "cumulative_units,cumulative_conversions,cumulative_sum,cumulative_sum_squares,cumulative_mean";

    private final Results results;

    ExportRoutes(Results results) {
        this.results = results;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/export/:file").handler(Authentication.requires(Permission.READ)).handler(this::export);
    }

    private void export(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        String file = ctx.pathParam("file");
        if (!file.equals("results.csv") && !file.equals("daily.csv")) {
            throw ApiError.notFound("no export '" + file + "' (known: results.csv, daily.csv)");
        }
        Results.Options options = ResultsRoutes.options(ctx);
        String metric = ctx.request().getParam("metric");
        Responses.blocking(ctx, () -> {
            ResultsReport report = results.compute(key, metric, options);
            return file.equals("results.csv") ? ResultsCsv.write(report) : daily(report);
        }, csv -> ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + key + "-" + file + "\"")
                .end(csv));
    }

    /** Keys, metric and treatment names are restricted patterns ([a-z0-9-], no commas): no quoting needed. */
    static String daily(ResultsReport r) {
        StringBuilder out = new StringBuilder(DAILY_HEADER).append('\n');
        for (DailyRow d : r.daily()) {
            out.append(r.experiment()).append(',').append(r.metric()).append(',').append(d.date()).append(',')
                    .append(d.treatment()).append(',').append(d.units()).append(',').append(d.conversions()).append(',')
                    .append(num(d.sum())).append(',').append(num(d.sumSquares())).append(',')
                    .append(d.cumulativeUnits()).append(',').append(d.cumulativeConversions()).append(',')
                    .append(num(d.cumulativeSum())).append(',').append(num(d.cumulativeSumSquares())).append(',')
                    .append(num(d.cumulativeMean())).append('\n');
        }
        return out.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
