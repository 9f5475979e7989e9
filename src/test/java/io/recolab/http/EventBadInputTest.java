package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to {@code POST /api/v1/events} gets its status and a message naming the
 * event index and field, and leaves the store unchanged: the valid events of a rejected batch are
 * accepted afterwards as new (not duplicates), so none of them was written.
 */
class EventBadInputTest {
    static final String DEFINITION = """
            {"key":"ev","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},
                        {"name":"revenue","type":"mean","windowDays":7}]}""";
    static final String OK = "{\"id\":\"%s\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u1\"}";

    record Case(String name, String badEvent, int status, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String later = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        return Stream.of(
                new Case("not an object", "42", 400, "events[3]: must be an object"),
                new Case("unknown field", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"foo\":1}", 400, "events[3]: unknown field 'foo'"),
                new Case("id missing", "{\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].id: is required"),
                new Case("id a number", "{\"id\":7,\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].id: must be a string"),
                new Case("id too long", "{\"id\":\"" + "x".repeat(129) + "\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].id: must be at most 128"),
                new Case("id empty", "{\"id\":\"\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].id"),
                new Case("type missing", "{\"id\":\"b\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].type: is required"),
                new Case("type unknown", "{\"id\":\"b\",\"type\":\"click\",\"experiment\":\"ev\",\"unit\":\"u\"}", 422, "events[3].type: must be \"exposure\" or \"conversion\""),
                new Case("experiment missing", "{\"id\":\"b\",\"type\":\"exposure\",\"unit\":\"u\"}", 400, "events[3].experiment: is required"),
                new Case("experiment unknown", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"nope\",\"unit\":\"u\"}", 404, "events[3].experiment: no experiment 'nope'"),
                new Case("unit missing", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\"}", 400, "events[3].unit: is required"),
                new Case("unit too long", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"" + "u".repeat(257) + "\"}", 400, "events[3].unit: must be at most 256"),
                new Case("unit control char", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"a\\u0001\"}", 400, "events[3].unit: must not contain control characters"),
                new Case("timestamp garbage", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":\"yesterday\"}", 400, "events[3].timestamp: must be ISO-8601"),
                new Case("timestamp without offset", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":\"2026-01-02T10:00:00\"}", 400, "events[3].timestamp: must be ISO-8601"),
                new Case("timestamp a number", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":1700000000}", 400, "events[3].timestamp: must be a string"),
                new Case("timestamp in the future", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":\"" + later + "\"}", 422, "events[3].timestamp: must lie between"),
                new Case("timestamp before 2000", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":\"1999-12-31T23:59:59Z\"}", 422, "events[3].timestamp: must lie between"),
                new Case("timestamp before 1970", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"timestamp\":\"1969-12-31T23:59:59Z\"}", 422, "events[3].timestamp: must lie between 2000-01-01T00:00:00Z and an hour from now"),
                new Case("conversion without metric", "{\"id\":\"b\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"u\"}", 400, "events[3].metric: is required for a conversion"),
                new Case("unknown metric", "{\"id\":\"b\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"u\",\"metric\":\"clicks\"}", 422, "events[3].metric: 'clicks' is not a metric of 'ev'"),
                new Case("exposure with metric", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"metric\":\"purchase\"}", 422, "events[3].metric: only conversions"),
                new Case("exposure with value", "{\"id\":\"b\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"u\",\"value\":2}", 422, "events[3].value: only conversions"),
                new Case("value a string", "{\"id\":\"b\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"u\",\"metric\":\"revenue\",\"value\":\"5\"}", 400, "events[3].value: must be a number"),
                new Case("value huge", "{\"id\":\"b\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"u\",\"metric\":\"revenue\",\"value\":1e13}", 422, "events[3].value: must be a finite number"),
                new Case("binomial value 0", "{\"id\":\"b\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"u\",\"metric\":\"purchase\",\"value\":0}", 422, "events[3].value: a binomial metric"));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWholeOnH2AndNothingWritten(Case c) {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            createRunning(server);
            String body = "{\"events\":[" + OK.formatted("p0") + "," + OK.formatted("p1") + "," + OK.formatted("p2") + ","
                    + c.badEvent() + "," + OK.formatted("p4") + "]}";
            var r = server.post("/api/v1/events", body);
            assertThat(r.status()).as(r.body()).isEqualTo(c.status());
            assertThat(r.json().get("error").asText()).contains(c.message());
            assertProbesAreNew(server);
        }
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void wholeBodyProblemsOnBothStores(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data-" + kind), null)) {
            createRunning(server);
            expect(server, "{not json", 400, "malformed JSON");
            expect(server, "[]", 400, "body must be a JSON object");
            expect(server, "{}", 400, "events must be an array");
            expect(server, "{\"events\":{}}", 400, "events must be an array");
            expect(server, "{\"events\":[],\"extra\":1}", 400, "unknown field 'extra'");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                many.add(OK.formatted("m" + i));
            }
            expect(server, "{\"events\":[" + String.join(",", many) + "]}", 413, "at most 1000 per batch");
            String huge = "{\"events\":[" + OK.formatted("p0") + "," + OK.formatted("x".repeat(1_100_000)) + "]}";
            var tooBig = server.post("/api/v1/events", huge);
            assertThat(tooBig.status()).isEqualTo(413);
            // Scope: no key 401, a read-only key 403.
            assertThat(server.send("POST", "/api/v1/events", "{\"events\":[]}", null).status()).isEqualTo(401);
            var key = server.post("/api/v1/keys", "{\"label\":\"reporting\",\"scopes\":[\"read\"]}");
            assertThat(key.status()).as(key.body()).isEqualTo(201);
            var forbidden = server.send("POST", "/api/v1/events", "{\"events\":[" + OK.formatted("p0") + "]}",
                    key.json().get("key").asText());
            assertThat(forbidden.status()).isEqualTo(403);
            assertProbesAreNew(server);
            var empty = server.post("/api/v1/events", "{\"events\":[]}");
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.json().get("accepted").asInt()).isZero();
        }
    }

    private static void expect(TestServer server, String body, int status, String message) {
        var r = server.post("/api/v1/events", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(message);
    }

    static void createRunning(TestServer server) {
        assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/ev/start", null).status()).isEqualTo(200);
        // Events of these tests are dated up to weeks back: the experiment ran since before them.
        server.backdateStart("ev", java.time.Instant.now().minus(java.time.Duration.ofDays(100)));
    }

    private static void assertProbesAreNew(TestServer server) {
        var units = server.get("/api/v1/experiments/ev/results").json().at("/treatments");
        units.forEach(t -> assertThat(t.get("units").asLong()).isZero());
        var probe = server.post("/api/v1/events", "{\"events\":[" + OK.formatted("p0") + "," + OK.formatted("p1") + ","
                + OK.formatted("p2") + "," + OK.formatted("p4") + "]}");
        assertThat(probe.status()).as(probe.body()).isEqualTo(200);
        assertThat(probe.json().get("accepted").asInt()).isEqualTo(4);
    }
}
