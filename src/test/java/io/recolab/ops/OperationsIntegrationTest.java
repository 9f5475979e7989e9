package io.recolab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.http.HttpApi;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** /metrics moves with traffic, requests carry ids into the access log, and health tells the database's state. */
class OperationsIntegrationTest {
    private static final String DEFINITION = """
            {"key":"ops","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
             {"name":"T1","weight":1,"recommender":"item-to-item"}]}""";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    @Test
    void metricsMoveAfterTraffic() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            HttpResponse<String> first = get(server, "/metrics", null, null);
            assertThat(first.statusCode()).isEqualTo(200); // no key: a scraper's endpoint
            assertThat(first.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
            assertThat(first.body()).contains("jvm_memory_used_bytes", "hikaricp_connections_active",
                    "recolab_event_writer_queue_events", "recolab_events_total{outcome=\"accepted\"} 0.0");

            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/ops/start", "").status()).isEqualTo(200);
            for (String unit : new String[] {"u1", "u2", "u3"}) {
                assertThat(server.get("/api/v1/experiments/ops/assignment?unit=" + unit).status()).isEqualTo(200);
            }
            assertThat(server.post("/api/v1/assignments", "{\"units\":[\"a\",\"b\"],\"experiments\":[\"ops\"]}").status())
                    .isEqualTo(200);
            String batch = "{\"events\":[{\"id\":\"e1\",\"type\":\"exposure\",\"experiment\":\"ops\",\"unit\":\"u1\"},"
                    + "{\"id\":\"e2\",\"type\":\"exposure\",\"experiment\":\"ops\",\"unit\":\"u2\"}]}";
            assertThat(server.post("/api/v1/events", batch).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/events", batch).json().get("duplicates").asInt()).isEqualTo(2);
            assertThat(server.post("/api/v1/events", "{\"events\":[{\"id\":\"e3\",\"type\":\"nope\"}]}").status()).isEqualTo(422);
            assertThat(server.get("/api/v1/experiments/nope/results").status()).isEqualTo(404);

            String metrics = get(server, "/metrics", null, null).body();
            assertThat(value(metrics, "recolab_assignments_total{in_experiment=\"true\"}")).isEqualTo(5);
            assertThat(value(metrics, "recolab_events_total{outcome=\"accepted\"}")).isEqualTo(2);
            assertThat(value(metrics, "recolab_events_total{outcome=\"duplicate\"}")).isEqualTo(2);
            assertThat(value(metrics, "recolab_events_total{outcome=\"invalid\"}")).isEqualTo(1);
            assertThat(value(metrics, "recolab_event_writer_commit_seconds_count")).isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "recolab_event_writer_committed_events_total")).isEqualTo(4);
            // Labels are route templates, whatever the experiment key or unit.
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/experiments/:key/assignment\",status=\"200\"}"))
                    .isEqualTo(3);
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/experiments/:key/results\",status=\"404\"}"))
                    .isEqualTo(1);
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/events\",status=\"422\"}"))
                    .isEqualTo(1);
            assertThat(metrics).contains("http_server_requests_seconds_bucket{method=\"POST\",route=\"/api/v1/events\",status=\"200\",le=\"0.005\"}")
                    .doesNotContain("route=\"/api/v1/experiments/ops").doesNotContain("u1");
            assertThat(get(server, "/api/v1/no/such/route", TestServer.ADMIN_KEY, null).statusCode()).isEqualTo(404);
            assertThat(get(server, "/metrics", null, null).body()).contains("route=\"unmatched\",status=\"404\"");
        }
    }

    @Test
    void requestIdsAreEchoedAndLogged() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("io.recolab.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = access.getLevel();
        access.addAppender(lines);
        access.setLevel(Level.INFO);
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("ids"), null)) {
            HttpResponse<String> given = get(server, "/api/v1/experiments", TestServer.ADMIN_KEY, "trace-42.a:b");
            assertThat(given.headers().firstValue("X-Request-Id")).hasValue("trace-42.a:b");
            HttpResponse<String> insane = get(server, "/api/v1/experiments/none", TestServer.ADMIN_KEY, "bad id <script>");
            String generated = insane.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(generated).matches("[0-9a-f]{32}");
            assertThat(get(server, "/api/v1/health", null, null).headers().firstValue("X-Request-Id")).isPresent();

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() >= 3);
            ILoggingEvent line = lines.list.stream().filter(e -> "trace-42.a:b".equals(e.getMDCPropertyMap().get("requestId")))
                    .findFirst().orElseThrow();
            assertThat(line.getFormattedMessage()).contains("method=GET", "route=/api/v1/experiments", "status=200", "durationMs=");
            ILoggingEvent notFound = lines.list.stream().filter(e -> generated.equals(e.getMDCPropertyMap().get("requestId")))
                    .findFirst().orElseThrow();
            assertThat(notFound.getFormattedMessage()).contains("route=/api/v1/experiments/:key", "status=404");
        } finally {
            access.detachAppender(lines);
            access.setLevel(before);
        }
    }

    @Test
    void healthReportsTheDatabaseAndModels() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("health"), null)) {
            JsonNode health = server.send("GET", "/api/v1/health", null, null).json();
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/database/status").asText()).isEqualTo("UP");
            assertThat(health.at("/database/latencyMs").isNumber()).isTrue();
            assertThat(health.get("models").isArray()).isTrue();
        }
        // A store that does not answer: DOWN with 503.
        Database closed = Database.open(Database.h2Url(tmp.resolve("gone")), 2);
        closed.close();
        Vertx vertx = Vertx.vertx();
        HttpApi api = new HttpApi(vertx, new HttpApi.Services(closed, null, null, null, null, null, null, null, null, null, null, null));
        try {
            int port = api.start("127.0.0.1", 0);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = Json.parse(r.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/database/status").asText()).isEqualTo("DOWN");
        } finally {
            api.stop();
            vertx.close();
        }
    }

    private HttpResponse<String> get(TestServer server, String path, String key, String requestId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line of the Prometheus text format. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as("series " + series + " in\n" + metrics.lines().filter(l -> l.startsWith(series.split("\\{")[0]))
                .limit(20).toList()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
