package io.recolab.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.recolab.ops.Telemetry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The first handler of every request: a request id (the caller's {@code X-Request-Id} when it is
 * sane, else a new one) echoed in the response and put in the logging MDC; and, when the response
 * ends, one access-log line and one sample of the request metrics, both labelled with the route
 * template ({@code /api/v1/experiments/:key/results}), never the raw path, so that label values
 * stay few.
 */
final class RequestTracking {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final String CONTEXT_KEY = "recolab.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger ACCESS = LoggerFactory.getLogger("io.recolab.access");

    /** A route of the router: its methods, its template, and a pattern for paths it serves. */
    private record Template(List<HttpMethod> methods, String path, String prefix, Pattern pattern) {
        boolean matches(HttpMethod method, String requested) {
            return requested.startsWith(prefix) && methods.contains(method) && pattern.matcher(requested).matches();
        }
    }

    private final Telemetry telemetry;
    private volatile List<Template> templates = List.of();
    private volatile Set<String> known = Set.of();

    RequestTracking(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    /** Learns the route templates once every route is mounted. */
    void learn(List<Route> routes) {
        List<Template> out = new ArrayList<>();
        for (Route r : routes) {
            String path = r.getPath();
            if (path == null || r.methods() == null || r.methods().isEmpty() || !r.isExactPath()) {
                continue;
            }
            int param = path.indexOf(':');
            String regex = Pattern.quote(path).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q");
            out.add(new Template(List.copyOf(r.methods()), path, param < 0 ? path : path.substring(0, param),
                    Pattern.compile(regex)));
        }
        templates = List.copyOf(out);
        known = out.stream().map(Template::path).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : newId();
        ctx.put(CONTEXT_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.addBodyEndHandler(v -> finished(ctx, id, started));
        MDC.put(MDC_KEY, id);
        try {
            ctx.next();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private void finished(RoutingContext ctx, String id, long started) {
        long nanos = System.nanoTime() - started;
        int status = ctx.response().getStatusCode();
        String route = route(ctx);
        telemetry.request(ctx.request().method().name(), route, status, nanos);
        if (ACCESS.isInfoEnabled()) {
            MDC.put(MDC_KEY, id);
            try {
                ACCESS.info("{} {} {} {} {}", kv("method", ctx.request().method().name()), kv("route", route),
                        kv("status", status), kv("durationMs", Math.round(nanos / 1e4) / 100.0),
                        kv("bytes", ctx.response().bytesWritten()));
            } finally {
                MDC.remove(MDC_KEY);
            }
        }
    }

    /**
     * The template of the route that answered: the router's current route when it is one of the learned
     * templates (no matching per request), else by matching the path (failure handlers, 404s).
     */
    private String route(RoutingContext ctx) {
        Route current = ctx.currentRoute();
        String path = current == null ? null : current.getPath();
        if (path != null && current.isExactPath() && known.contains(path)) {
            return path;
        }
        return route(ctx.request().method(), ctx.request().path());
    }

    /** The template of the route that serves this method and path; "unmatched" or "static" otherwise. */
    String route(HttpMethod method, String path) {
        if (path != null) {
            for (Template t : templates) {
                if (t.matches(method, path)) {
                    return t.path();
                }
            }
        }
        return path != null && path.startsWith("/api/") ? "unmatched" : "static";
    }

    /** The request id of a request, for log lines written outside the handler that set the MDC. */
    static String id(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }

    /** Puts the request's id in the MDC until closed (for work on other threads or in callbacks). */
    static MDC.MDCCloseable inMdc(String id) {
        return MDC.putCloseable(MDC_KEY, id == null ? "-" : id);
    }

    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }
}
