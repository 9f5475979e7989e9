package io.recolab.http;

import io.recolab.ops.Telemetry;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: Prometheus' text format, without a key, like most exporters: no label
 * holds an experiment, unit or key (see {@link Telemetry}). Restrict it at the network or proxy
 * where even route counts are private. Outside {@code /api/v1}: it is for scrapers, not clients.
 */
final class MetricsRoute {
    private final Telemetry telemetry;

    MetricsRoute(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", telemetry.contentType())
                .putHeader("Cache-Control", "no-store").end(telemetry.scrape()));
    }
}
