package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.export.DateRange;
import io.recolab.export.ExportFile;
import io.recolab.export.ExportFormat;
import io.recolab.export.Exports;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/experiments/{key}/export/{results|daily|exposures|conversions}.{csv|jsonl}
 * [?metric=][&test=][&correction=][&alpha=][&from=YYYY-MM-DD][&to=YYYY-MM-DD]}: the exports of
 * {@link Exports}, streamed (chunked) from a worker thread through a bounded {@link ResponseStream},
 * so a million raw events leave in constant memory. Exports run on a pool of their own
 * ({@link #CONCURRENT} at a time, each holding one database connection), so a burst of downloads
 * can neither starve the other blocking work nor drain the connection pool.
 */
final class ExportRoutes {
    static final int CONCURRENT = 4;

    private final Exports exports;
    private final Vertx vertx;
    private WorkerExecutor workers;

    ExportRoutes(Exports exports, Vertx vertx) {
        this.exports = exports;
        this.vertx = vertx;
    }

    void mount(Router router) {
        router.get("/api/v1/experiments/:key/export/:file").handler(Authentication.requires(Permission.READ)).handler(this::export);
    }

    private void export(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        ExportFile what;
        ExportFormat format;
        try {
            what = ExportFile.parse(dot < 0 ? file : file.substring(0, dot));
            format = ExportFormat.parse(dot < 0 ? "" : file.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("no export '" + file + "' (known: " + String.join(", ", ExportFile.fileNames()) + ")");
        }
        Exports.Request request;
        try {
            request = new Exports.Request(ctx.pathParam("key"), what, format, ctx.request().getParam("metric"),
                    ResultsRoutes.options(ctx), DateRange.parse(ctx.request().getParam("from"), ctx.request().getParam("to")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        exports.check(request); // unknown experiment or metric: 404 before any byte
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("content-type", format.mediaType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + request.fileName() + "\"");
        Context context = ctx.vertx().getOrCreateContext();
        ResponseStream stream = new ResponseStream(context, response);
        workers().<Void>executeBlocking(() -> {
            exports.write(request, stream, rows -> { });
            stream.finish();
            return null;
        }, false).onFailure(failure -> {
            if (stream.gone()) {
                return; // the client left; nobody to answer
            }
            if (!response.headWritten()) {
                response.headers().remove("Content-Disposition");
            }
            ctx.fail(failure); // before the first chunk: a JSON error; after it: the connection is reset
        });
    }

    private synchronized WorkerExecutor workers() {
        if (workers == null) {
            // Long exports are expected: no blocked-thread warnings before an hour.
            workers = vertx.createSharedWorkerExecutor("recolab-export", CONCURRENT, 1, TimeUnit.HOURS);
        }
        return workers;
    }
}
