package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recommendations inside a live experiment: the server trains on synthetic data, serves, logs exposures. */
class RecommendationApiIntegrationTest {
    private static final String DATA = "synthetic:customers=600,items=200,days=120,seed=5";
    private static final String DEFINITION = """
            {"key":"recs","treatments":[{"name":"C","weight":1,"recommender":"item-to-item"},
                                        {"name":"T1","weight":1,"recommender":"bestseller"},
                                        {"name":"T2","weight":1,"recommender":"user-based"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void servesTreatmentModelsFallsBackAndLogsEachExposureOnce(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            // An unknown recommender is refused on create (it would only ever serve empty rows)...
            var unknown = server.post("/api/v1/experiments", DEFINITION.replace("user-based", "no-such-algorithm"));
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
            assertThat(unknown.json().get("error").asText())
                    .contains("treatments[2].recommender: unknown recommender \"no-such-algorithm\"").contains("bestseller");
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/recs/start", null).status()).isEqualTo(200);
            // ...but an experiment stored while a provider existed outlives its removal: T2's recommender
            // is retired in the store behind the server's back, and T2 is served by the control's model.
            server.stop();
            retire(server, kind, "user-based", "no-such-algorithm");
            server.startAgain();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode models = server.get("/api/v1/models").json().get("models");
                return models.size() == 3 && java.util.stream.StreamSupport.stream(models.spliterator(), false)
                        .noneMatch(m -> m.get("status").asText().matches("queued|training"));
            });
            Map<String, String> state = new HashMap<>();
            server.get("/api/v1/models").json().get("models")
                    .forEach(m -> state.put(m.get("recommender").asText(), m.get("status").asText()));
            assertThat(state).containsEntry("item-to-item", "ready").containsEntry("bestseller", "ready")
                    .containsEntry("no-such-algorithm", "failed");

            Map<String, Integer> byTreatment = new HashMap<>();
            for (int c = 0; c < 150; c++) {
                JsonNode r = server.get("/api/v1/recommendations?experiment=recs&unit=" + c + "&n=6&requestId=r" + c).json();
                assertThat(r.get("items")).hasSize(6);
                assertThat(r.get("exposureLogged").asBoolean()).isTrue();
                String treatment = r.get("treatment").asText();
                byTreatment.merge(treatment, 1, Integer::sum);
                switch (treatment) {
                    case "C" -> assertThat(r.get("servedBy").asText()).isEqualTo("item-to-item");
                    case "T1" -> assertThat(r.get("servedBy").asText()).isEqualTo("bestseller");
                    default -> {
                        assertThat(r.get("fallback").asText()).isEqualTo("control-model");
                        assertThat(r.get("servedBy").asText()).isEqualTo("item-to-item");
                    }
                }
            }
            assertThat(byTreatment).containsOnlyKeys("C", "T1", "T2");
            // Retried requests (same requestId) are not logged twice.
            for (int c = 0; c < 150; c++) {
                server.get("/api/v1/recommendations?experiment=recs&unit=" + c + "&n=6&requestId=r" + c);
            }
            // One request id sent for two units (a client's mistake) still logs both: the id carries the unit.
            JsonNode sharedA = server.get("/api/v1/recommendations?experiment=recs&unit=shared-a&requestId=same").json();
            JsonNode sharedB = server.get("/api/v1/recommendations?experiment=recs&unit=shared-b&requestId=same").json();
            assertThat(sharedA.get("exposureId").asText()).matches("rec-same-[0-9a-f]{16}")
                    .isNotEqualTo(sharedB.get("exposureId").asText());
            byTreatment.merge(sharedA.get("treatment").asText(), 1, Integer::sum);
            byTreatment.merge(sharedB.get("treatment").asText(), 1, Integer::sum);
            // Exposures are answered before their commit. The writer's queue is first in, first out, so once a
            // client's batch sent now is acknowledged, every exposure logged before it is committed too.
            String barrier = "{\"events\":[{\"id\":\"barrier\",\"type\":\"conversion\",\"experiment\":\"recs\","
                    + "\"unit\":\"never-shown\",\"metric\":\"purchase\"}]}";
            assertThat(server.post("/api/v1/events", barrier).status()).isEqualTo(200);
            JsonNode results = server.get("/api/v1/experiments/recs/results").json();
            int units = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asInt();
                assertThat(t.get("units").asInt()).isEqualTo(byTreatment.get(t.get("name").asText()));
            }
            assertThat(units).isEqualTo(152);

            JsonNode stranger = server.get("/api/v1/recommendations?experiment=recs&unit=nobody-knows-me").json();
            assertThat(stranger.get("items")).hasSize(6);
            assertThat(stranger.get("fallback").asText()).isIn("cold-start", "control-model");

            assertThat(server.get("/api/v1/recommendations?experiment=recs&unit=1&n=0").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/recommendations?experiment=recs&unit=1&n=x").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/recommendations?experiment=nope&unit=1").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/recommendations?experiment=recs").status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void interactionsBecomeConversionsOnlyForShownItemsWithinTheWindow(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            server.post("/api/v1/experiments", DEFINITION);
            server.post("/api/v1/experiments/recs/start", null);
            server.backdateStart("recs", java.time.Instant.now().minus(Duration.ofDays(100))); // events are dated weeks back
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !server.get("/api/v1/recommendations?experiment=recs&unit=1").json().get("items").isEmpty());

            JsonNode shown = server.get("/api/v1/recommendations?experiment=recs&unit=7&requestId=q1").json();
            String item = shown.at("/items/0/item").asText();
            String now = java.time.Instant.now().toString();
            String interaction = "{\"customer\":\"7\",\"item\":\"" + item + "\",\"timestamp\":\"" + now + "\"}";
            JsonNode first = server.post("/api/v1/interactions", interaction).json();
            assertThat(first.get("accepted").asInt()).isEqualTo(1);
            assertThat(first.get("conversions").asInt()).isEqualTo(1);
            // A retry changes nothing; an item that was not shown converts nothing.
            assertThat(server.post("/api/v1/interactions", interaction).json().get("duplicates").asInt()).isEqualTo(1);
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"7\",\"item\":\"not-shown\"}")
                    .json().get("conversions").asInt()).isZero();
            // Before the exposure: no conversion.
            String before = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"7\",\"item\":\"" + item
                    + "\",\"timestamp\":\"" + before + "\"}").json().get("conversions").asInt()).isZero();
            // The next recommendation leaves the consumed item out.
            JsonNode next = server.get("/api/v1/recommendations?experiment=recs&unit=7").json();
            assertThat(next.get("items")).extracting(i -> i.get("item").asText()).doesNotContain(item);

            // Exposures reported by a service with the items they showed, 15 and 13 days ago (window 14).
            for (String[] c : new String[][] {{"u15", "15"}, {"u13", "13"}}) {
                String at = java.time.Instant.now().minus(Duration.ofDays(Long.parseLong(c[1]))).toString();
                var r = server.post("/api/v1/events", "{\"events\":[{\"id\":\"x-" + c[0] + "\",\"type\":\"exposure\","
                        + "\"experiment\":\"recs\",\"unit\":\"" + c[0] + "\",\"timestamp\":\"" + at + "\",\"items\":[\"i-1\",\"i-2\"]}]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            assertThat(server.post("/api/v1/interactions", "{\"interactions\":[{\"customer\":\"u15\",\"item\":\"i-2\"},"
                    + "{\"customer\":\"u13\",\"item\":\"i-2\"}]}").json().get("conversions").asInt()).isEqualTo(1);

            JsonNode results = server.get("/api/v1/experiments/recs/results").json();
            long conversions = 0;
            for (JsonNode t : results.get("treatments")) {
                conversions += t.get("conversions").asLong();
            }
            assertThat(conversions).isEqualTo(2);

            // A pause keeps a shown item's window open, as for conversion events; from the stop nothing
            // converts, but a purchase made before it and reported late does.
            String fiveDaysAgo = java.time.Instant.now().minus(Duration.ofDays(5)).toString();
            assertThat(server.post("/api/v1/events", "{\"events\":[{\"id\":\"x-u5\",\"type\":\"exposure\",\"experiment\":\"recs\","
                    + "\"unit\":\"u5\",\"timestamp\":\"" + fiveDaysAgo + "\",\"items\":[\"i-1\",\"i-2\",\"i-3\"]}]}").status()).isEqualTo(200);
            assertThat(server.post("/api/v1/experiments/recs/pause", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"u5\",\"item\":\"i-1\"}").json()
                    .get("conversions").asInt()).as("while paused").isEqualTo(1);
            java.time.Instant beforeStop = java.time.Instant.now();
            sleep(5);
            assertThat(server.post("/api/v1/experiments/recs/stop", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"u5\",\"item\":\"i-2\",\"timestamp\":\""
                    + beforeStop + "\"}").json().get("conversions").asInt()).as("made before the stop").isEqualTo(1);
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"u5\",\"item\":\"i-3\"}").json()
                    .get("conversions").asInt()).as("after the stop").isZero();

            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"7\"}").status()).isEqualTo(400);
            assertThat(server.post("/api/v1/interactions", "{\"interactions\":[]}").status()).isEqualTo(400);
            assertThat(server.post("/api/v1/interactions", "{\"customer\":\"7\",\"item\":\"x\",\"colour\":1}").status()).isEqualTo(400);
            assertThat(server.post("/api/v1/events", "{\"events\":[{\"id\":\"bad\",\"type\":\"conversion\",\"experiment\":\"recs\","
                    + "\"unit\":\"a\",\"metric\":\"purchase\",\"items\":[\"i\"]}]}").status()).isEqualTo(422);
        }
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void interactionIdsMakeARetriedReportHarmless(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            server.post("/api/v1/experiments", DEFINITION);
            server.post("/api/v1/experiments/recs/start", null);
            server.backdateStart("recs", java.time.Instant.now().minus(Duration.ofDays(100))); // events are dated weeks back
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !server.get("/api/v1/recommendations?experiment=recs&unit=9").json().get("items").isEmpty());
            String item = server.get("/api/v1/recommendations?experiment=recs&unit=9&requestId=i1").json()
                    .at("/items/0/item").asText();
            // No timestamp: the server's clock, so the retry's interaction differs but for its id.
            String report = "{\"interactions\":[{\"id\":\"buy-1\",\"customer\":\"9\",\"item\":\"" + item + "\"},"
                    + "{\"id\":\"view-1\",\"customer\":\"9\",\"item\":\"not-shown\"},"
                    + "{\"id\":\"view-1\",\"customer\":\"9\",\"item\":\"not-shown\"}]}";
            JsonNode first = server.post("/api/v1/interactions", report).json();
            assertThat(first.get("accepted").asInt()).as(first.toString()).isEqualTo(2);
            assertThat(first.get("duplicateInteractions").asInt()).isEqualTo(1);
            assertThat(first.get("conversions").asInt()).isEqualTo(1);
            JsonNode retry = server.post("/api/v1/interactions", report).json();
            assertThat(retry.get("accepted").asInt()).as(retry.toString()).isZero();
            assertThat(retry.get("duplicateInteractions").asInt()).isEqualTo(3);
            assertThat(retry.get("conversions").asInt()).isZero();
            assertThat(retry.get("duplicates").asInt()).isEqualTo(1);
            // Without an id nothing is deduplicated (as before): the same report is stored twice.
            String anonymous = "{\"customer\":\"9\",\"item\":\"not-shown\",\"timestamp\":\"2026-01-02T10:00:00Z\"}";
            assertThat(server.post("/api/v1/interactions", anonymous).json().get("accepted").asInt()).isEqualTo(1);
            assertThat(server.post("/api/v1/interactions", anonymous).json().get("accepted").asInt()).isEqualTo(1);
            assertThat(server.post("/api/v1/interactions", "{\"id\":\"\",\"customer\":\"9\",\"item\":\"x\"}").status())
                    .isEqualTo(400);
            assertThat(server.post("/api/v1/interactions", "{\"id\":7,\"customer\":\"9\",\"item\":\"x\"}").status())
                    .isEqualTo(400);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Renames a recommender inside the stored definitions, as if its provider had left the class path. */
    private void retire(TestServer server, Stores.Kind kind, String from, String to) {
        String url = kind == Stores.Kind.H2 ? io.recolab.store.Database.h2Url(tmp.resolve("data")) : server.jdbcUrl();
        try (java.sql.Connection c = kind == Stores.Kind.H2 ? java.sql.DriverManager.getConnection(url, "sa", "")
                : java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE experiments SET definition = REPLACE(definition, ?, ?)")) {
            ps.setString(1, "\"" + from + "\"");
            ps.setString(2, "\"" + to + "\"");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
