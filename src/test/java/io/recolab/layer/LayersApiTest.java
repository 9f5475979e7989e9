package io.recolab.layer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.assign.LayerSlot;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers through the real server on H2: overlap refused, ranges frozen but growing once run, occupancy, assignment. */
class LayersApiTest {
    @TempDir
    Path tmp;

    private static String definition(String key, String layer, int from, int to) {
        return """
                {"key":"%s","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                          {"name":"T","weight":1,"recommender":"bestseller"}],
                 "layer":{"name":"%s","buckets":[%d,%d]}}""".formatted(key, layer, from, to);
    }

    /** Concurrent creates of overlapping ranges on one node: one wins, the rest get 409 (two once passed the check together). */
    @Test
    void concurrentCreatesOfOverlappingRangesLetOneWin() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
            try {
                var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < 20; i++) {
                    String body = definition("race-" + i, "race", 0, 5000);
                    answers.add(pool.submit(() -> server.post("/api/v1/experiments", body).status()));
                }
                int created = 0;
                for (var a : answers) {
                    int status = a.get();
                    assertThat(status).isIn(201, 409);
                    created += status == 201 ? 1 : 0;
                }
                assertThat(created).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void overlapIsRefusedWith409NamingTheHolderAndRunningRangesOnlyGrow() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", definition("hero-a", "home-row", 0, 5000)).status()).isEqualTo(201);
            var overlapping = server.post("/api/v1/experiments", definition("hero-b", "home-row", 4000, 6000));
            assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(409);
            assertThat(overlapping.json().get("error").asText())
                    .contains("layer.buckets [4000, 6000)").contains("held by experiment 'hero-a'");
            // Another layer is another space: the same range is free there.
            assertThat(server.post("/api/v1/experiments", definition("side-a", "sidebar", 0, 5000)).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments", definition("hero-b", "home-row", 5000, 7000)).status()).isEqualTo(201);
            var bad = server.post("/api/v1/experiments", definition("hero-c", "home-row", 7000, 12000));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("error").asText()).contains("layer.buckets");

            // Draft: the range may move freely, but not onto another's.
            var moved = server.put("/api/v1/experiments/hero-b", definition("hero-b", "home-row", 4999, 7000));
            assertThat(moved.status()).isEqualTo(409);
            assertThat(moved.json().get("error").asText()).contains("hero-a");

            assertThat(server.post("/api/v1/experiments/hero-a/start", null).status()).isEqualTo(200);
            var shrunk = server.put("/api/v1/experiments/hero-a", definition("hero-a", "home-row", 0, 4000));
            assertThat(shrunk.status()).isEqualTo(409);
            assertThat(shrunk.json().get("error").asText()).contains("layer.buckets can only grow");
            var otherLayer = server.put("/api/v1/experiments/hero-a", definition("hero-a", "sidebar", 5000, 10000));
            assertThat(otherLayer.status()).isEqualTo(409);
            assertThat(otherLayer.json().get("error").asText()).contains("its layer cannot change");
            var intoHeld = server.put("/api/v1/experiments/hero-a", definition("hero-a", "home-row", 0, 6000));
            assertThat(intoHeld.status()).isEqualTo(409);
            assertThat(intoHeld.json().get("error").asText()).contains("held by experiment 'hero-b'");
            // Stopping hero-b frees its range: hero-a grows into it.
            assertThat(server.post("/api/v1/experiments/hero-b/start", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/experiments/hero-b/stop", null).status()).isEqualTo(200);
            var grown = server.put("/api/v1/experiments/hero-a", definition("hero-a", "home-row", 0, 7000));
            assertThat(grown.status()).as(grown.body()).isEqualTo(200);
            assertThat(grown.json().at("/definition/layer/buckets/1").asInt()).isEqualTo(7000);
        }
    }

    @Test
    void occupancyIsListedPerLayer() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            server.post("/api/v1/experiments", definition("hero-a", "home-row", 2500, 5000));
            server.post("/api/v1/experiments", definition("hero-b", "home-row", 0, 1000));
            server.post("/api/v1/experiments", definition("side-a", "sidebar", 0, 10000));
            server.post("/api/v1/experiments/hero-a/start", null);
            JsonNode all = server.get("/api/v1/layers").json();
            assertThat(all.get("layers")).hasSize(2);
            JsonNode home = server.get("/api/v1/layers/home-row").json();
            assertThat(home.get("name").asText()).isEqualTo("home-row");
            assertThat(home.get("buckets").asInt()).isEqualTo(10000);
            assertThat(home.get("used").asInt()).isEqualTo(3500);
            assertThat(home.at("/holders/0/experiment").asText()).isEqualTo("hero-b");
            assertThat(home.at("/holders/0/status").asText()).isEqualTo("draft");
            assertThat(home.at("/holders/1/experiment").asText()).isEqualTo("hero-a");
            assertThat(home.at("/holders/1/status").asText()).isEqualTo("running");
            assertThat(home.get("free").toString()).isEqualTo("[{\"from\":1000,\"to\":2500},{\"from\":5000,\"to\":10000}]");
            assertThat(server.get("/api/v1/layers/sidebar").json().get("free")).isEmpty();
            var missing = server.get("/api/v1/layers/nowhere");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("error").asText()).contains("no layer 'nowhere'");
            assertThat(server.get("/api/v1/layers/Bad%20Name").status()).isEqualTo(400);
        }
    }

    @Test
    void aUnitOutsideTheRangeIsOutsideTheExperimentWithTheReason() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            server.post("/api/v1/experiments", definition("hero-a", "home-row", 0, 5000));
            server.post("/api/v1/experiments", definition("hero-b", "home-row", 5000, 10000));
            JsonNode draft = server.get("/api/v1/experiments/hero-a/assignment?unit=u1").json();
            assertThat(draft.get("reason").asText()).isEqualTo("not-running");
            server.post("/api/v1/experiments/hero-a/start", null);
            server.post("/api/v1/experiments/hero-b/start", null);
            for (int i = 0; i < 40; i++) {
                String unit = "u" + i;
                boolean inA = new LayerSlot("home-row", 0, 5000).holds(LayerSlot.bucket("home-row", unit));
                JsonNode a = server.get("/api/v1/experiments/hero-a/assignment?unit=" + unit).json();
                JsonNode b = server.get("/api/v1/experiments/hero-b/assignment?unit=" + unit).json();
                assertThat(a.get("inExperiment").asBoolean()).as(a.toString()).isEqualTo(inA);
                assertThat(b.get("inExperiment").asBoolean()).as(b.toString()).isEqualTo(!inA);
                JsonNode out = inA ? b : a;
                assertThat(out.get("reason").asText()).isEqualTo("layer");
                assertThat(out.get("treatment").asText()).isEqualTo("C");
                assertThat((inA ? a : b).has("reason")).isFalse();
            }
            // An exposure of a unit outside the range is stored and excluded with the layer as its reason, not as
            // outside the exposure percentage (hero-a takes 100% of its range).
            String outside = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "u" + i)
                    .filter(u -> !new LayerSlot("home-row", 0, 5000).holds(LayerSlot.bucket("home-row", u))).findFirst().orElseThrow();
            var exposure = server.post("/api/v1/events", "{\"events\":[{\"id\":\"x-1\",\"type\":\"exposure\","
                    + "\"experiment\":\"hero-a\",\"unit\":\"" + outside + "\"}]}");
            assertThat(exposure.json().path("excluded").toString()).as(exposure.body()).isEqualTo("{\"outsideLayer\":1}");
            // The definition list the Java client reads carries the layer.
            JsonNode listed = server.get("/api/v1/experiments?status=running").json();
            assertThat(listed.toString()).contains("\"layer\":{\"name\":\"home-row\",\"buckets\":[0,5000]}");
        }
    }
}
