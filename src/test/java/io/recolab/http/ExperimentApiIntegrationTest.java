package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real server on a random port against real H2 and PostgreSQL: the whole foundation path. */
class ExperimentApiIntegrationTest {
    static final String DEFINITION = """
            {"key":"homepage-recs","description":"rows","unit":"customer","exposurePercent":20,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void createStartAssignRampRestartAndAssignTheSame(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            var created = server.post("/api/v1/experiments", DEFINITION);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().at("/status").asText()).isEqualTo("draft");
            assertThat(created.json().at("/definition/salt").asText()).isEqualTo("homepage-recs");

            // A draft assigns everybody to the control, outside the experiment.
            JsonNode draft = server.get("/api/v1/experiments/homepage-recs/assignment?unit=c42").json();
            assertThat(draft.get("treatment").asText()).isEqualTo("C");
            assertThat(draft.get("inExperiment").asBoolean()).isFalse();

            assertThat(server.post("/api/v1/experiments/homepage-recs/start", null).status()).isEqualTo(200);
            Map<String, String> before = assignments(server, 2000);
            long inside = before.values().stream().filter(v -> v.endsWith("true")).count();
            assertThat(inside).isBetween(300L, 500L); // 20% of 2,000

            // Ramp to 60%: everybody inside stays inside with the same treatment.
            var ramped = server.put("/api/v1/experiments/homepage-recs", DEFINITION.replace("\"exposurePercent\":20", "\"exposurePercent\":60"));
            assertThat(ramped.status()).as(ramped.body()).isEqualTo(200);
            Map<String, String> after = assignments(server, 2000);
            before.forEach((unit, was) -> {
                if (was.endsWith("true")) {
                    assertThat(after.get(unit)).as(unit).isEqualTo(was);
                }
            });
            assertThat(after.values().stream().filter(v -> v.endsWith("true")).count()).isBetween(1050L, 1350L);

            // Shrinking the exposure or changing weights of a running experiment is refused.
            assertThat(server.put("/api/v1/experiments/homepage-recs", DEFINITION).status()).isEqualTo(409);
            var reweighted = server.put("/api/v1/experiments/homepage-recs",
                    DEFINITION.replace("\"exposurePercent\":20", "\"exposurePercent\":60").replace("\"weight\":50,\"recommender\":\"autoencoder\"", "\"weight\":60,\"recommender\":\"autoencoder\""));
            assertThat(reweighted.status()).isEqualTo(409);
            assertThat(reweighted.json().get("error").asText()).contains("cannot change");

            server.restart();
            assertThat(assignments(server, 2000)).isEqualTo(after);

            // Pause: the control for everybody; resume: the same assignments again.
            assertThat(server.post("/api/v1/experiments/homepage-recs/pause", null).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/experiments/homepage-recs/assignment?unit=c1").json().get("inExperiment").asBoolean()).isFalse();
            assertThat(server.post("/api/v1/experiments/homepage-recs/start", null).status()).isEqualTo(200);
            assertThat(assignments(server, 500)).isEqualTo(subset(after, 500));

            assertThat(server.post("/api/v1/experiments/homepage-recs/stop", null).status()).isEqualTo(200);
            var again = server.post("/api/v1/experiments/homepage-recs/start", null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("error").asText()).contains("stopped");

            JsonNode detail = server.get("/api/v1/experiments/homepage-recs").json();
            assertThat(detail.get("status").asText()).isEqualTo("stopped");
            assertThat(detail.get("history")).extracting(h -> h.get("action").asText())
                    .containsExactly("create", "start", "update", "pause", "start", "stop");
            assertThat(detail.at("/history/0/actor").asText()).contains("bootstrap admin");
            assertThat(detail.at("/history/2/detail/before/exposurePercent").asInt()).isEqualTo(20);
            assertThat(detail.at("/history/2/detail/after/exposurePercent").asInt()).isEqualTo(60);
        }
    }

    /**
     * Two people edit one experiment: the second change, made on the revision both loaded, would
     * silently undo the first. With If-Match (the ETag of the detail) it gets 412 instead; a metric's
     * type and window are frozen once it runs (409), as its conversions were counted under them.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void changesMadeOnAnOldRevisionAreRefused(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            var loaded = server.get("/api/v1/experiments/homepage-recs");
            String etag = loaded.header("ETag");
            assertThat(etag).isEqualTo("\"" + loaded.json().get("revision").asLong() + "\"");
            String auth = "Bearer " + TestServer.ADMIN_KEY;
            var first = server.request("PUT", "/api/v1/experiments/homepage-recs",
                    DEFINITION.replace("\"exposurePercent\":20", "\"exposurePercent\":30"), Map.of("Authorization", auth, "If-Match", etag));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.header("ETag")).isEqualTo("\"" + first.json().get("revision").asLong() + "\"").isNotEqualTo(etag);
            var second = server.request("PUT", "/api/v1/experiments/homepage-recs",
                    DEFINITION.replace("\"exposurePercent\":20", "\"exposurePercent\":40"), Map.of("Authorization", auth, "If-Match", etag));
            assertThat(second.status()).as(second.body()).isEqualTo(412);
            assertThat(second.json().get("error").asText()).contains("revision").contains("reload");
            assertThat(server.get("/api/v1/experiments/homepage-recs").json().at("/definition/exposurePercent").asDouble())
                    .isEqualTo(30);
            var garbled = server.request("PUT", "/api/v1/experiments/homepage-recs", DEFINITION,
                    Map.of("Authorization", auth, "If-Match", "yesterday"));
            assertThat(garbled.status()).isEqualTo(400);
            assertThat(garbled.json().get("error").asText()).startsWith("If-Match");
            // Without If-Match the last writer wins, as before.
            assertThat(server.put("/api/v1/experiments/homepage-recs", DEFINITION).status()).isEqualTo(200);

            assertThat(server.post("/api/v1/experiments/homepage-recs/start", null).status()).isEqualTo(200);
            JsonNode running = server.get("/api/v1/experiments/homepage-recs").json().get("definition");
            String retyped = running.toString().replace("\"binomial\"", "\"mean\"");
            assertThat(retyped).isNotEqualTo(running.toString());
            var refused = server.put("/api/v1/experiments/homepage-recs", retyped);
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).contains("cannot change its type or windowDays");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void batchAssignmentAgreesWithSingleCalls(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            server.post("/api/v1/experiments", DEFINITION);
            server.post("/api/v1/experiments", DEFINITION.replace("homepage-recs", "search-recs"));
            server.post("/api/v1/experiments/homepage-recs/start", null);
            server.post("/api/v1/experiments/search-recs/start", null);
            var batch = server.post("/api/v1/assignments",
                    "{\"units\":[\"c1\",\"c2\",\"顧客\"],\"experiments\":[\"homepage-recs\",\"search-recs\"]}");
            assertThat(batch.status()).as(batch.body()).isEqualTo(200);
            JsonNode all = batch.json().get("assignments");
            assertThat(all).hasSize(6);
            for (JsonNode a : all) {
                String path = "/api/v1/experiments/" + a.get("experiment").asText() + "/assignment?unit="
                        + java.net.URLEncoder.encode(a.get("unit").asText(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(server.get(path).json()).isEqualTo(a);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void definitionFilesLoadAndOneBadFileIsSkipped(Stores.Kind kind) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(dir.resolve("homepage-recs.json"), DEFINITION);
        Files.writeString(dir.resolve("broken.json"), "{\"key\":\"broken\",\"treatments\":[{\"name\":\"C\",\"weight\":0,\"recommender\":\"x\"}]}");
        Files.writeString(dir.resolve("mismatch.json"), DEFINITION);
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), dir)) {
            JsonNode list = server.get("/api/v1/experiments").json().get("experiments");
            assertThat(list).extracting(e -> e.get("key").asText()).containsExactly("homepage-recs");
            assertThat(list.get(0).get("status").asText()).isEqualTo("draft");
            // Restarting with the same files changes nothing: no new history entries.
            server.restart();
            assertThat(server.get("/api/v1/experiments/homepage-recs").json().get("history")).hasSize(1);
        }
    }

    private static Map<String, String> assignments(TestServer server, int units) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < units; i++) {
            JsonNode a = server.get("/api/v1/experiments/homepage-recs/assignment?unit=c" + i).json();
            out.put("c" + i, a.get("treatment").asText() + "/" + a.get("inExperiment").asBoolean());
        }
        return out;
    }

    private static Map<String, String> subset(Map<String, String> all, int units) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < units; i++) {
            out.put("c" + i, all.get("c" + i));
        }
        return out;
    }
}
