package io.recolab.testing;

import io.recolab.app.Recolab;
import io.recolab.http.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real recolab server on a random port against a real store, and a small HTTP client for it.
 * Restartable on the same store, to check that nothing depends on process memory.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    // One client per server and plain HTTP/1.1: servers of earlier tests may have used the same
    // port, and a pooled connection (or an h2c upgrade) to one of them must never be reused.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir;
    private final String jdbcUrl;
    private final Path experimentsDir;
    private Recolab app;
    /** 0: any free port; set by {@link #stop()} so that {@link #startAgain()} comes back where it was. */
    private int port;

    private final String dataSpec;
    /** False for the extra nodes of a cluster: the schema belongs to whoever created it. */
    private final boolean ownsSchema;
    private final ServerOptions serverOptions;
    /** How often the guardrail watch looks (null: the server's default). */
    private Duration guardrailEvery;

    private TestServer(Path dataDir, String jdbcUrl, Path experimentsDir, String dataSpec) {
        this(dataDir, jdbcUrl, experimentsDir, dataSpec, true, ServerOptions.DEFAULTS);
    }

    private TestServer(Path dataDir, String jdbcUrl, Path experimentsDir, String dataSpec, boolean ownsSchema,
                       ServerOptions serverOptions) {
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.experimentsDir = experimentsDir;
        this.dataSpec = dataSpec;
        this.ownsSchema = ownsSchema;
        this.serverOptions = serverOptions;
    }

    /** A server with its own protections (TLS, rate limit, timeouts) on a fresh store of the kind. */
    public static TestServer protectedBy(ServerOptions options, Stores.Kind kind, Path dataDir, Path experimentsDir) {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : null;
        TestServer server = new TestServer(dataDir, url, experimentsDir, null, true, options);
        server.startApp();
        return server;
    }

    /**
     * A node on an existing PostgreSQL store (several nodes, one schema), with its own data
     * directory and port. Closing it leaves the schema to whoever made it.
     */
    public static TestServer node(String jdbcUrl, Path dataDir, Path experimentsDir) {
        return node(jdbcUrl, dataDir, experimentsDir, ServerOptions.DEFAULTS);
    }

    /** A node on a store reached through {@code jdbcUrl} (e.g. through a proxy), with these protections. */
    public static TestServer node(String jdbcUrl, Path dataDir, Path experimentsDir, ServerOptions options) {
        TestServer server = new TestServer(dataDir, jdbcUrl, experimentsDir, null, false, options);
        server.startApp();
        return server;
    }

    /** Another node on this server's store (PostgreSQL only: an H2 file belongs to one process). */
    public TestServer joinNode(Path otherDataDir) {
        if (jdbcUrl == null) {
            throw new IllegalStateException("only a PostgreSQL store can be shared by several nodes");
        }
        return node(jdbcUrl, otherDataDir, experimentsDir);
    }

    /** Another node on this server's PostgreSQL store whose guardrail watch looks every {@code guardrailEvery}. */
    public TestServer joinNode(Path otherDataDir, Duration guardrailEvery) {
        if (jdbcUrl == null) {
            throw new IllegalStateException("only a PostgreSQL store can be shared by several nodes");
        }
        TestServer server = new TestServer(otherDataDir, jdbcUrl, experimentsDir, null, false, ServerOptions.DEFAULTS);
        server.guardrailEvery = guardrailEvery;
        server.startApp();
        return server;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Makes the experiment look as if it had started at {@code at}, for tests that replay history
     * dated before now: exposures dated before an experiment's start are excluded from its results.
     * The other nodes of a shared store see it within their refresh interval (the change counter moves).
     */
    public void backdateStart(String key, java.time.Instant at) {
        String url = jdbcUrl != null ? jdbcUrl : io.recolab.store.Database.h2Url(dataDir);
        // H2 (the embedded file, or a TCP server behind a test proxy) has the pool's user; PostgreSQL's is in the URL.
        try (java.sql.Connection c = url.startsWith("jdbc:h2:") ? java.sql.DriverManager.getConnection(url, "sa", "")
                : java.sql.DriverManager.getConnection(url)) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE experiments SET started_at = ? WHERE experiment_key = ?")) {
                ps.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
                ps.setString(2, key);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("no experiment " + key + " to backdate");
                }
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE change_counters SET counter = counter + 1 WHERE name = 'experiments'");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot backdate " + key, e);
        }
        app.experiments().refresh();
    }

    /** A server whose guardrail watch (issue 22.6) looks every {@code guardrailEvery}. */
    public static TestServer withGuardrailWatch(Stores.Kind kind, Path dataDir, Duration guardrailEvery) {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : null;
        TestServer server = new TestServer(dataDir, url, null, null);
        server.guardrailEvery = guardrailEvery;
        server.startApp();
        return server;
    }

    public static TestServer start(Stores.Kind kind, Path dataDir, Path experimentsDir) {
        return start(kind, dataDir, experimentsDir, null);
    }

    /** @param dataSpec interaction data for the recommenders ({@code serve --data}), or null */
    public static TestServer start(Stores.Kind kind, Path dataDir, Path experimentsDir, String dataSpec) {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : null;
        TestServer server = new TestServer(dataDir, url, experimentsDir, dataSpec);
        server.startApp();
        return server;
    }

    private void startApp() {
        Recolab.Config config = new Recolab.Config("127.0.0.1", port, dataDir, jdbcUrl, experimentsDir, ADMIN_KEY, 200,
                dataSpec, java.time.Duration.ofDays(1), false);
        app = Recolab.start(guardrailEvery == null ? config : config.withGuardrailEvery(guardrailEvery), serverOptions);
    }

    /** Takes the node down (clients see connection refused) until {@link #startAgain()}. */
    public void stop() {
        port = app.port();
        app.close();
        app = null;
    }

    /** Starts the stopped node again on the same store and the same port. */
    public void startAgain() {
        startApp();
    }

    public void restart() {
        app.close();
        startApp();
    }

    public Recolab app() {
        return app;
    }

    public String baseUrl() {
        return (serverOptions.tls() ? "https" : "http") + "://127.0.0.1:" + app.port();
    }

    public Response get(String path) {
        return send("GET", path, null, ADMIN_KEY);
    }

    public Response post(String path, String body) {
        return send("POST", path, body, ADMIN_KEY);
    }

    public Response put(String path, String body) {
        return send("PUT", path, body, ADMIN_KEY);
    }

    public Response send(String method, String path, String body, String key) {
        return request(method, path, body, key == null ? java.util.Map.of() : java.util.Map.of("Authorization", "Bearer " + key));
    }

    /** Any request with these headers (a JSON body gets its Content-Type unless given). */
    public Response request(String method, String path, String body, java.util.Map<String, String> headers) {
        return request(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A POST of these exact bytes (e.g. invalid UTF-8, which a String cannot carry) with the admin key. */
    public Response postBytes(String path, byte[] body) {
        return request("POST", path, body, java.util.Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    private Response request(String method, String path, byte[] body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("content-type").orElse(""),
                    response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String contentType, java.util.Map<String, java.util.List<String>> headers) {
        public com.fasterxml.jackson.databind.JsonNode json() {
            return io.recolab.json.Json.readOwn(body);
        }

        /** The first value of a header, matched ignoring case; null if absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        if (jdbcUrl != null && ownsSchema) {
            Stores.dropPostgresSchema(jdbcUrl);
        }
    }

    public static Path emptyDir(Path parent, String name) {
        try {
            return Files.createDirectories(parent.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
