package io.recolab.http;

import io.recolab.auth.ApiKeys;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.ExperimentService;
import io.recolab.store.Database;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP face of recolab: the JSON API under {@code /api/v1} and the static UI. vert.x stays
 * in this package; handlers are thin adapters over plain services.
 */
public final class HttpApi {
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    /** Everything the routes call; wired by hand in the composition root. */
    public record Services(Database database, ExperimentService experiments, Assignments assignments, ApiKeys keys,
                           io.recolab.events.Ingestion events, io.recolab.analysis.Results results,
                           io.recolab.serving.RecommendationService recommendations, io.recolab.serving.ModelService models,
                           io.recolab.serving.InteractionService interactions, io.recolab.export.Exports exports,
                           io.recolab.ops.Telemetry telemetry, io.recolab.auth.People people,
                           io.recolab.interleave.Interleaving interleaving, io.recolab.holdout.HoldoutService holdouts) {
        /** Without interleaving experiments (issue 24): those are then served and analysed as A/B tests. */
        public Services(Database database, ExperimentService experiments, Assignments assignments, ApiKeys keys,
                        io.recolab.events.Ingestion events, io.recolab.analysis.Results results,
                        io.recolab.serving.RecommendationService recommendations, io.recolab.serving.ModelService models,
                        io.recolab.serving.InteractionService interactions, io.recolab.export.Exports exports,
                        io.recolab.ops.Telemetry telemetry, io.recolab.auth.People people) {
            this(database, experiments, assignments, keys, events, results, recommendations, models, interactions,
                    exports, telemetry, people, null, null);
        }

        /** Without holdouts (issue 23.3): /api/v1/holdouts is then not served. */
        public Services(Database database, ExperimentService experiments, Assignments assignments, ApiKeys keys,
                        io.recolab.events.Ingestion events, io.recolab.analysis.Results results,
                        io.recolab.serving.RecommendationService recommendations, io.recolab.serving.ModelService models,
                        io.recolab.serving.InteractionService interactions, io.recolab.export.Exports exports,
                        io.recolab.ops.Telemetry telemetry, io.recolab.auth.People people,
                        io.recolab.interleave.Interleaving interleaving) {
            this(database, experiments, assignments, keys, events, results, recommendations, models, interactions,
                    exports, telemetry, people, interleaving, null);
        }
    }

    private final Vertx vertx;
    private final Services services;
    private final ServerOptions options;
    private final ConnectionGuard connections;
    private String deploymentId;
    private int port;

    public HttpApi(Vertx vertx, Services services) {
        this(vertx, services, ServerOptions.DEFAULTS);
    }

    public HttpApi(Vertx vertx, Services services, ServerOptions options) {
        this.vertx = vertx;
        this.services = services;
        this.options = options;
        this.connections = new ConnectionGuard(options.maxConnections(), options.idleTimeout().toMillis());
    }

    /** How this server protects itself; {@code options().tls()} says whether it speaks HTTPS. */
    public ServerOptions options() {
        return options;
    }

    Router router() {
        Router router = Router.router(vertx);
        io.recolab.ops.Telemetry telemetry = services.telemetry() != null ? services.telemetry() : new io.recolab.ops.Telemetry();
        RequestTracking tracking = new RequestTracking(telemetry);
        router.route().handler(tracking::handle);
        router.route().handler(SecurityHeaders::add);
        // Before any route with a path parameter: matching one decodes the query string.
        router.route().handler(InputGuard::decodableQuery);
        // A request that takes too long is answered 503 (with Retry-After) rather than left hanging.
        router.route("/api/*").handler(RequestTimeout.after(options.requestTimeout().toMillis()));
        RateLimiting limits = options.rateLimited()
                ? new RateLimiting(options.ratePerSecond(), options.burst(), System::nanoTime, HttpApi::storeFree) : null;
        if (limits != null) {
            router.route("/api/*").handler(limits::anonymous);
        }
        new MetricsRoute(telemetry).mount(router);
        new HealthRoute(services.database(), services.models()).mount(router);
        new OpenApiRoute().mount(router);
        router.route("/api/v1/*").handler(Bodies::readAsJson);
        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route("/api/v1/*").handler(InputGuard::rejectNul);
        // A pattern, not a path: a filter on /experiments/:key itself would look like an undescribed endpoint.
        router.routeWithRegex(InputGuard.EXPERIMENT_PATH).handler(InputGuard::experimentKey);
        SessionRoutes sessions = new SessionRoutes(services.people());
        sessions.mountSignIn(router);
        Authentication auth = new Authentication(services.keys(), services.people());
        router.route("/api/v1/*").handler(auth::authenticate);
        if (limits != null) {
            router.route("/api/v1/*").handler(limits::authenticated);
        }
        // The hot path first: the router tries routes in order, and no route below shares its paths.
        new AssignmentRoutes(services.assignments(), telemetry).mount(router);
        sessions.mount(router);
        new UserRoutes(services.people()).mount(router);
        new ExperimentRoutes(services.experiments()).mount(router);
        new KeyRoutes(services.keys()).mount(router);
        new EventRoutes(services.events()).mount(router);
        // A lambda, not services.experiments()::history: a method reference dereferences at mount time.
        new ResultsRoutes(services.results(), key -> services.experiments().history(key)).mount(router);
        new RecommendationRoutes(services.recommendations(), services.models(), services.interleaving()).mount(router);
        new InterleavingRoutes(services.interleaving()).mount(router);
        new InteractionRoutes(services.interactions()).mount(router);
        new ChartRoutes(services.results()).mount(router);
        new ExportRoutes(services.exports(), vertx, options.requestTimeout(), telemetry).mount(router);
        new RecommenderRoutes(io.recolab.recommend.RecommenderRegistry.defaults()).mount(router);
        new DefinitionCheckRoutes(services.experiments()).mount(router);
        new LayerRoutes(services.experiments()).mount(router);
        new OverrideRoutes(services.experiments()).mount(router);
        new HoldoutRoutes(services.holdouts()).mount(router);
        // The statistics engine on sufficient statistics: analysts' and checks' calculator.
        router.route("/api/v1/stats/*").handler(Authentication.requires(io.recolab.auth.Permission.READ));
        new StatsRoutes().mount(router);
        router.route("/api/*").handler(ErrorRendering::notFound);
        router.route("/*").handler(StaticHandler.create("web").setCachingEnabled(false).setIndexPage("index.html"));
        router.route().failureHandler(ErrorRendering::handle);
        router.errorHandler(404, ErrorRendering::notFound);
        router.errorHandler(405, ctx -> ErrorRendering.send(ctx, 405, "method not allowed"));
        router.errorHandler(500, ErrorRendering::handle);
        tracking.learn(router.getRoutes());
        return router;
    }

    /**
     * Assignment is a pure function of cached definitions and never touches the store, so the rate
     * limit (which protects the store) leaves it alone: services may ask as often as they serve pages.
     */
    private static boolean storeFree(io.vertx.ext.web.RoutingContext ctx) {
        String path = ctx.request().path();
        return path.endsWith("/assignment") || path.equals("/api/v1/assignments");
    }

    /**
     * Listens with one event loop per core. Port 0 picks a free port first, because several
     * server instances must share one port and each would otherwise bind its own.
     */
    public int start(String host, int requestedPort) {
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        port = requestedPort == 0 ? freePort() : requestedPort;
        Router router = router();
        HttpServerOptions serverOptions = serverOptions(host, port);
        try {
            deploymentId = vertx.deployVerticle(() -> new AbstractVerticle() {
                        @Override
                        public void start(Promise<Void> started) {
                            HttpServer server = vertx.createHttpServer(serverOptions);
                            connections.attach(vertx, server, router);
                            server.invalidRequestHandler(ErrorRendering::invalidRequest);
                            server.listen().<Void>mapEmpty().onComplete(started);
                        }
                    }, new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
        return port;
    }

    /**
     * Slow or idle connections are closed after the idle timeout; request lines and headers are
     * bounded (longer ones get 414/431 from vert.x); HTTPS only when a certificate is given.
     */
    private HttpServerOptions serverOptions(String host, int port) {
        HttpServerOptions server = new HttpServerOptions().setHost(host).setPort(port)
                .setIdleTimeout((int) options.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024).setMaxFormAttributeSize(8192)
                .setCompressionSupported(true).setTcpNoDelay(true)
                // Without h2c, vert.x sets each connection up as it opens instead of waiting for its
                // first bytes, so the connection guard counts (and times) sockets that never speak.
                .setHttp2ClearTextEnabled(false);
        if (options.tls()) {
            server.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(options.tlsCert().toString()).setKeyPath(options.tlsKey().toString()));
            server.setSslHandshakeTimeout(options.idleTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        return server;
    }

    public int port() {
        return port;
    }

    public void stop() {
        if (deploymentId != null) {
            try {
                vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Shutting down anyway; the process is about to exit.
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
