package io.recolab.http;

import io.recolab.auth.Permission;
import io.recolab.export.Cancellation;
import io.recolab.export.DateRange;
import io.recolab.export.ExportFile;
import io.recolab.export.ExportFormat;
import io.recolab.export.Exports;
import io.recolab.ops.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/experiments/{key}/export/{results|daily|exposures|conversions}.{csv|jsonl}
 * [?metric=][&test=][&correction=][&alpha=][&from=YYYY-MM-DD][&to=YYYY-MM-DD]}: the exports of
 * {@link Exports}, streamed (chunked) from a worker thread through a bounded {@link ResponseStream},
 * so a million raw events leave in constant memory.
 *
 * <p>A download is not bound by the request timeout as a whole, only while nothing moves: the
 * route takes the clock over ({@link RequestTimeout#handOver}) and ends a download through which
 * no byte has moved for that long (503 if nothing was sent yet, a reset connection after). When the
 * client goes away, or the download is ended so, the export is cancelled: it stops between pages
 * and its running query is cancelled in the database. At most {@link #PER_KEY} exports run per API
 * key (429 beyond) and {@link #CONCURRENT} in all (503 beyond), on a worker pool of their own, each
 * holding a database connection only while it reads a page: far below the 16 pooled connections
 * and the shared worker pool that event ingestion uses.
 */
final class ExportRoutes {
    static final int CONCURRENT = 4;
    static final int PER_KEY = 2;
    /** A refused download is told to come back after this long (seconds): a large export takes about that. */
    static final String RETRY_AFTER = "10";
    private static final long WATCH_MILLIS = 250;

    private final Exports exports;
    private final Vertx vertx;
    private final long stallNanos;
    private final Telemetry telemetry;
    private final ExportSlots slots = new ExportSlots(PER_KEY, CONCURRENT);
    private WorkerExecutor workers;

    /** @param stall a download through which nothing moves this long is ended (the request timeout) */
    ExportRoutes(Exports exports, Vertx vertx, Duration stall, Telemetry telemetry) {
        this.exports = exports;
        this.vertx = vertx;
        this.stallNanos = stall.toNanos();
        this.telemetry = telemetry;
        telemetry.watchExports(slots::active);
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
        ExportSlots.Slot slot;
        try {
            slot = slots.take(Authentication.actor(ctx));
        } catch (ApiError refused) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER);
            telemetry.exportEnded("refused");
            throw refused;
        }
        RequestTimeout.handOver(ctx);
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("content-type", format.mediaType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + request.fileName() + "\"");
        Context context = ctx.vertx().getOrCreateContext();
        Cancellation cancellation = new Cancellation();
        AtomicBoolean cancelling = new AtomicBoolean();
        // Statement.cancel blocks (PostgreSQL sends it on a connection of its own): not on the event loop.
        Runnable cancel = () -> {
            if (cancelling.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    cancellation.cancel();
                    return null;
                }, false);
            }
        };
        ResponseStream stream = new ResponseStream(context, response, cancel);
        long watchdog = vertx.setPeriodic(WATCH_MILLIS, id -> {
            if (stream.idleNanos() > stallNanos && !stream.gone()) {
                stream.abort();
                cancel.run();
                if (response.headWritten()) {
                    response.reset(); // the client must not take a cut download for a whole one
                } else {
                    response.headers().remove("Content-Disposition");
                    ctx.fail(ApiError.unavailable("the export sent nothing for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos)
                            + " s; retry later"));
                }
            }
        });
        AtomicLong counted = new AtomicLong();
        workers().<Void>executeBlocking(() -> {
            exports.write(request, stream, rows -> telemetry.exportRows(rows - counted.getAndSet(rows)), cancellation);
            stream.finish();
            return null;
        }, false).onComplete(done -> {
            vertx.cancelTimer(watchdog);
            slot.release();
            telemetry.exportEnded(done.succeeded() ? "completed" : stream.gone() ? "cancelled" : "failed");
            if (done.succeeded() || stream.gone()) {
                return; // done, or the client left (or was dropped): nobody to answer
            }
            if (!response.headWritten()) {
                response.headers().remove("Content-Disposition");
            }
            ctx.fail(done.cause()); // before the first chunk: a JSON error; after it: the connection is reset
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
