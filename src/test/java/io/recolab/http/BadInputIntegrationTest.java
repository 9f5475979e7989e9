package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets the right status, a JSON message, and leaves the store unchanged. */
class BadInputIntegrationTest {
    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badInputIsRefusedClearlyAndChangesNothing(Stores.Kind kind) {
        String good = ExperimentApiIntegrationTest.DEFINITION;
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", good).status()).isEqualTo(201);
            String before = server.get("/api/v1/experiments/homepage-recs").body();

            expect(server.post("/api/v1/experiments", "{\"key\": "), 400, "malformed JSON");
            expect(server.post("/api/v1/experiments", ""), 400, "empty");
            expect(server.post("/api/v1/experiments", good.replace("homepage-recs", "Home Page")), 422, "key must match");
            expect(server.post("/api/v1/experiments", good.replace("homepage-recs", "a".repeat(65))), 422, "key must match");
            expect(server.post("/api/v1/experiments", good.replace("\"weight\":50,\"recommender\":\"autoencoder\"",
                    "\"weight\":0,\"recommender\":\"autoencoder\"").replace("homepage-recs", "x1")), 422, "weight must be a positive integer, got 0");
            expect(server.post("/api/v1/experiments", good.replace("\"name\":\"T1\"", "\"name\":\"C\"").replace("homepage-recs", "x2")),
                    422, "duplicate treatment name \"C\"");
            expect(server.post("/api/v1/experiments", good.replace("\"recommender\":\"autoencoder\"", "\"recommender\":\"\"")
                    .replace("homepage-recs", "x3")), 422, "recommender must be non-empty");
            expect(server.post("/api/v1/experiments", good.replace("\"exposurePercent\":20", "\"exposurePercent\":101")
                    .replace("homepage-recs", "x4")), 422, "exposurePercent must be in 0..100, got 101");
            expect(server.post("/api/v1/experiments", good.replace("\"unit\"", "\"colour\"").replace("homepage-recs", "x5")),
                    422, "unknown field colour");
            expect(server.post("/api/v1/experiments", good.replace("\"weight\":50,\"recommender\":\"autoencoder\"",
                    "\"weight\":\"heavy\",\"recommender\":\"autoencoder\"").replace("homepage-recs", "x6")), 422, "treatments[1].weight must be an integer");
            expect(server.post("/api/v1/experiments", "[1,2]"), 422, "must be a JSON object");
            expect(server.post("/api/v1/experiments", good), 409, "already exists");
            expect(server.post("/api/v1/experiments", "{\"key\":\"deep\",\"description\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                    400, "malformed JSON");
            expect(server.put("/api/v1/experiments/homepage-recs", good.replace("homepage-recs", "other")), 422, "differs from the URL");
            expect(server.put("/api/v1/experiments/nope", good.replace("homepage-recs", "nope")), 404, "no experiment 'nope'");
            expect(server.get("/api/v1/experiments/nope"), 404, "no experiment 'nope'");
            expect(server.post("/api/v1/experiments/nope/start", null), 404, "no experiment 'nope'");
            expect(server.post("/api/v1/experiments/homepage-recs/explode", null), 404, "no action 'explode'");
            expect(server.post("/api/v1/experiments/homepage-recs/pause", null), 409, "cannot pause");
            expect(server.get("/api/v1/experiments/nope/assignment?unit=c1"), 404, "no experiment 'nope'");
            expect(server.get("/api/v1/experiments/homepage-recs/assignment"), 400, "'unit' is required");
            expect(server.get("/api/v1/experiments/homepage-recs/assignment?unit=" + "u".repeat(300)), 400, "at most 256");
            expect(server.get("/api/v1/experiments/homepage-recs/assignment?unit=a%00b"), 400, "control characters");
            expect(server.get("/api/v1/experiments?status=sleeping"), 400, "status must be one of");
            expect(server.post("/api/v1/assignments", "{\"units\":\"c1\",\"experiments\":[]}"), 400, "units must be an array");
            expect(server.post("/api/v1/assignments", "{\"units\":[\"c1\"],\"experiments\":[\"homepage-recs\"],\"atributes\":{}}"),
                    422, "unknown field 'atributes'");
            expect(server.get("/api/v1/experiments/homepage-recs/assignment?unit=c1&attr.c=%01"), 400, "control characters");
            expect(server.post("/api/v1/assignments", "{\"units\":[" + "\"u\",".repeat(1000) + "\"u\"],\"experiments\":[\"homepage-recs\"]}"),
                    413, "at most 1000");
            expect(server.post("/api/v1/experiments", "{\"key\":\"big\",\"description\":\"" + "x".repeat(1_100_000) + "\"}"),
                    413, "too large");
            expect(server.request("POST", "/api/v1/events", "{\"events\":[]}", java.util.Map.of("Authorization",
                    "Bearer " + TestServer.ADMIN_KEY, "Content-Encoding", "gzip")), 415, "Content-Encoding gzip is not accepted");
            expect(server.send("GET", "/api/v1/experiments", null, null), 401, "missing API key");
            expect(server.send("GET", "/api/v1/experiments", null, "wrong"), 401, "invalid");
            expect(server.get("/api/v1/nothing-here"), 404, "no route");

            // A key without the admin scope may read but not change.
            var issued = server.post("/api/v1/keys", "{\"label\":\"reporting\",\"scopes\":[\"read\"]}");
            assertThat(issued.status()).isEqualTo(201);
            String readKey = issued.json().get("key").asText();
            assertThat(server.send("GET", "/api/v1/experiments", null, readKey).status()).isEqualTo(200);
            expect(server.send("POST", "/api/v1/experiments/homepage-recs/start", null, readKey), 403, "lacks the 'admin' scope");
            expect(server.send("GET", "/api/v1/experiments/homepage-recs/assignment?unit=c1", null, readKey), 403, "lacks the 'assign' scope");
            expect(server.post("/api/v1/keys", "{\"label\":\"x\",\"scopes\":[\"root\"]}"), 422, "unknown scope");
            // Revoked keys stop working at once.
            String id = issued.json().get("id").asText();
            assertThat(server.send("DELETE", "/api/v1/keys/" + id, null, TestServer.ADMIN_KEY).status()).isEqualTo(204);
            expect(server.send("GET", "/api/v1/experiments", null, readKey), 401, "revoked");

            assertThat(server.get("/api/v1/experiments/homepage-recs").body()).isEqualTo(before);
            assertThat(server.get("/api/v1/experiments").json().get("experiments")).hasSize(1);
            assertThat(server.get("/api/v1/health").json().get("status").asText()).isEqualTo("UP");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyAnswerCarriesTheSecurityHeaders(Stores.Kind kind) throws Exception {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            for (String path : new String[] {"/", "/api/v1/health", "/api/v1/experiments", "/api/v1/nope"}) {
                var response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
                assertThat(response.headers().firstValue("Content-Security-Policy").orElse(""))
                        .as(path).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            }
        }
    }

    private static void expect(TestServer.Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("error").asText()).as(response.body()).contains(messagePart);
    }
}
