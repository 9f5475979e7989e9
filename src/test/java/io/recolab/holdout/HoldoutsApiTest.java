package io.recolab.holdout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.assign.HoldoutRule;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Holdouts (issue 23.3) through the real server: create, refusals, assignment, results, stop. */
class HoldoutsApiTest {
    private static final String HERO = """
            {"key":"hero","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                        {"name":"T1","weight":1,"recommender":"bestseller"}]}""";
    private static final String ROW = """
            {"key":"row-a","layer":{"name":"home-row","buckets":[0,10000]},
             "treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                           {"name":"T1","weight":1,"recommender":"bestseller"}]}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void heldOutUnitsStayOutOfEveryExperimentInScopeAndAreCompared(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            for (String d : List.of(HERO, ROW)) {
                assertThat(server.post("/api/v1/experiments", d).status()).isEqualTo(201);
            }
            assertThat(server.post("/api/v1/experiments/hero/start", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/experiments/row-a/start", null).status()).isEqualTo(200);

            refused(server, "{\"key\":\"g\",\"percent\":0}", 422, "percent");
            refused(server, "{\"key\":\"g\",\"percent\":60}", 422, "percent");
            refused(server, "{\"key\":\"g\",\"percent\":1.234}", 422, "percent");
            refused(server, "{\"key\":\"g\",\"percent\":1e-12}", 422, "percent"); // would round to a holdout of 0%
            refused(server, "{\"key\":\"Bad Key\",\"percent\":10}", 422, "key");
            refused(server, "{\"key\":\"g\",\"percent\":10,\"layer\":\"No Layer\"}", 422, "layer");
            refused(server, "{\"key\":\"g\",\"percent\":10,\"metrics\":[{\"name\":\"r\",\"type\":\"ratio\"}]}", 422, "metrics[0].type");
            refused(server, "{\"key\":\"g\",\"percent\":10,\"metrics\":[{\"name\":\"A\",\"type\":\"mean\"}]}", 422, "metrics[0]");
            refused(server, "{\"key\":\"g\",\"percent\":10,\"colour\":1}", 422, "colour");

            var created = server.post("/api/v1/holdouts", """
                    {"key":"global","description":"every experiment, Q1","percent":10,
                     "metrics":[{"name":"bought","type":"binomial","windowDays":14},{"name":"purchases","type":"mean","windowDays":14}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("/api/v1/holdouts/global");
            assertThat(created.json().get("scope").asText()).isEqualTo("all");
            assertThat(created.json().get("status").asText()).isEqualTo("running");
            refused(server, "{\"key\":\"global\",\"percent\":5}", 409, "global");
            var home = server.post("/api/v1/holdouts", "{\"key\":\"home\",\"percent\":50,\"layer\":\"home-row\"}");
            assertThat(home.status()).as(home.body()).isEqualTo(201);
            assertThat(home.json().get("metrics").get(0).get("name").asText()).isEqualTo("conversion");

            assertThat(server.get("/api/v1/holdouts").json().get("holdouts")).hasSize(2);
            assertThat(server.get("/api/v1/holdouts/global").json().get("percent").asDouble()).isEqualTo(10.0);
            assertThat(server.get("/api/v1/holdouts/nope").status()).isEqualTo(404);

            List<String> units = IntStream.range(0, 400).mapToObj(i -> "u" + i).toList();
            HoldoutRule global = new HoldoutRule("global", 1000, null);
            HoldoutRule homeRule = new HoldoutRule("home", 5000, "home-row");
            String unitsJson = units.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",", "[", "]"));
            var batch = server.post("/api/v1/assignments", "{\"units\":" + unitsJson + ",\"experiments\":[\"hero\",\"row-a\"]}");
            assertThat(batch.status()).as(batch.body()).isEqualTo(200);
            int heldOut = 0;
            for (JsonNode a : batch.json().get("assignments")) {
                String unit = a.get("unit").asText();
                boolean held = global.holds(unit) || (a.get("experiment").asText().equals("row-a") && homeRule.holds(unit));
                if (held) {
                    assertThat(a.get("reason").asText()).as(a.toString()).isEqualTo("holdout");
                    assertThat(a.get("inExperiment").asBoolean()).isFalse();
                    assertThat(a.get("treatment").asText()).isEqualTo("C");
                    heldOut++;
                } else {
                    assertThat(a.get("inExperiment").asBoolean()).as(a.toString()).isTrue();
                    assertThat(a.has("reason")).isFalse();
                }
            }
            assertThat(heldOut).isGreaterThan(38);
            List<String> held = units.stream().filter(global::holds).toList();
            assertThat(held).hasSize(38);
            JsonNode one = server.get("/api/v1/experiments/hero/assignment?unit=" + held.get(0)).json();
            assertThat(one.get("reason").asText()).isEqualTo("holdout");

            // Events go through the same plan: a held-out unit's exposure is stored and not analysed.
            var exposure = server.post("/api/v1/events", "{\"events\":[{\"id\":\"h1\",\"type\":\"exposure\","
                    + "\"experiment\":\"hero\",\"unit\":\"" + held.get(0) + "\"}]}");
            assertThat(exposure.status()).as(exposure.body()).isEqualTo(200);
            assertThat(exposure.json().path("excluded").toString()).isEqualTo("{\"heldOut\":1}");

            // Held-out units buy rarely (one in four), everyone else always; twice for the "purchases" mean.
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                String u = units.get(i);
                boolean isHeld = global.holds(u);
                if (!isHeld || i % 4 == 0) {
                    lines.add("{\"customer\":\"" + u + "\",\"item\":\"i1\",\"id\":\"a" + i + "\"}");
                    if (!isHeld) {
                        lines.add("{\"customer\":\"" + u + "\",\"item\":\"i2\",\"id\":\"b" + i + "\"}");
                    }
                }
            }
            var posted = server.post("/api/v1/interactions", "{\"interactions\":[" + String.join(",", lines) + "]}");
            assertThat(posted.status()).as(posted.body()).isEqualTo(200);

            var results = server.get("/api/v1/holdouts/global/results");
            assertThat(results.status()).as(results.body()).isEqualTo(200);
            JsonNode r = results.json();
            assertThat(r.get("heldOutUnits").asLong()).isEqualTo(38);
            assertThat(r.get("inScopeUnits").asLong()).isEqualTo(362);
            JsonNode bought = r.get("metrics").get(0);
            assertThat(bought.get("name").asText()).isEqualTo("bought");
            assertThat(bought.get("inScope").get("mean").asDouble()).isEqualTo(1.0);
            long heldBuyers = IntStream.range(0, 400).filter(i -> i % 4 == 0 && global.holds("u" + i)).count();
            assertThat(bought.get("heldOut").get("sum").asDouble()).isEqualTo(heldBuyers);
            JsonNode comparison = bought.get("comparison").get("comparisons").get(0);
            assertThat(comparison.toString()).contains("in-scope");
            assertThat(comparison.path("pValue").asDouble(1)).as(comparison.toString()).isLessThan(0.05);
            JsonNode purchases = r.get("metrics").get(1);
            assertThat(purchases.get("inScope").get("mean").asDouble()).isEqualTo(2.0);
            // The layer's holdout compares only units seen through row-a, and not the global holdout's units:
            // those were in no experiment, so they are not the "everyone else" of this one (they once were).
            JsonNode homeResults = server.get("/api/v1/holdouts/home/results").json();
            long heldByGlobalOnly = units.stream().filter(u -> global.holds(u) && !homeRule.holds(u)).count();
            assertThat(heldByGlobalOnly).isPositive();
            assertThat(homeResults.get("heldOutUnits").asLong())
                    .isEqualTo(units.stream().filter(homeRule::holds).count());
            assertThat(homeResults.get("heldOutUnits").asLong() + homeResults.get("inScopeUnits").asLong())
                    .isEqualTo(400 - heldByGlobalOnly);

            // Stopped: the held-out units join the experiments again; stopping twice is a conflict.
            var stopped = server.post("/api/v1/holdouts/global/stop", null);
            assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
            assertThat(stopped.json().get("status").asText()).isEqualTo("stopped");
            assertThat(stopped.json().has("endedAt")).isTrue();
            assertThat(stopped.json().has("endedBy")).as("who stopped it, for the audit").isTrue();
            assertThat(server.post("/api/v1/holdouts/global/stop", null).status()).isEqualTo(409);
            JsonNode after = server.get("/api/v1/experiments/hero/assignment?unit=" + held.get(0)).json();
            assertThat(after.get("inExperiment").asBoolean()).as(after.toString()).isTrue();
            assertThat(server.send("DELETE", "/api/v1/holdouts/home", null, TestServer.ADMIN_KEY).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/holdouts/global/results").status()).isEqualTo(200);
        }
    }

    /** Another node learns of a holdout through the change counter, and its sightings reach the results. */
    @org.junit.jupiter.api.Test
    void holdoutsReachEveryNodeAndEveryNodesUnitsAreCompared() {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), TestServer.emptyDir(tmp, "experiments"));
             TestServer b = a.joinNode(tmp.resolve("b"))) {
            assertThat(a.post("/api/v1/experiments", HERO).status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/hero/start", null).status()).isEqualTo(200);
            assertThat(a.post("/api/v1/holdouts", "{\"key\":\"global\",\"percent\":10}").status()).isEqualTo(201);
            HoldoutRule global = new HoldoutRule("global", 1000, null);
            List<String> held = IntStream.range(0, 400).mapToObj(i -> "u" + i).filter(global::holds).toList();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(b.get("/api/v1/experiments/hero/assignment?unit=" + held.get(0)).json().path("reason").asText())
                            .isEqualTo("holdout"));
            for (int i = 0; i < 20; i++) {
                b.get("/api/v1/experiments/hero/assignment?unit=u" + i);
            }
            long heldAmongFirst20 = IntStream.range(0, 20).filter(i -> global.holds("u" + i)).count();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode r = a.get("/api/v1/holdouts/global/results").json();
                // held.get(0) (u7, HoldoutRuleTest), asked for on b while waiting, is among the first 20.
                assertThat(r.get("heldOutUnits").asLong() + r.get("inScopeUnits").asLong()).isEqualTo(20);
                assertThat(r.get("inScopeUnits").asLong()).isEqualTo(20 - heldAmongFirst20);
            });
            assertThat(b.post("/api/v1/holdouts/global/stop", null).status()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(a.get("/api/v1/experiments/hero/assignment?unit=" + held.get(0)).json().path("inExperiment")
                            .asBoolean()).isTrue());
        }
    }

    /** GET /recommendations answers units too: a held-out unit gets the control's list, unlogged, and is compared. */
    @org.junit.jupiter.api.Test
    void unitsAnsweredByRecommendationsAreHeldOutAndCompared() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"),
                "synthetic:customers=300,items=100,days=60,seed=3")) {
            assertThat(server.post("/api/v1/experiments", HERO).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/hero/start", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/holdouts", "{\"key\":\"global\",\"percent\":20}").status()).isEqualTo(201);
            HoldoutRule global = new HoldoutRule("global", 2000, null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                    server.get("/api/v1/recommendations?experiment=hero&unit=probe&n=3").status() == 200);
            int held = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode r = server.get("/api/v1/recommendations?experiment=hero&unit=r" + i + "&n=3&requestId=q" + i).json();
                if (global.holds("r" + i)) {
                    held++;
                    assertThat(r.get("inExperiment").asBoolean()).as(r.toString()).isFalse();
                    assertThat(r.get("treatment").asText()).isEqualTo("C");
                } else {
                    assertThat(r.get("inExperiment").asBoolean()).as(r.toString()).isTrue();
                }
            }
            assertThat(held).as("units r0..r59 held out by a 20% holdout").isBetween(3, 25);
            JsonNode results = server.get("/api/v1/holdouts/global/results").json();
            // r0..r59 and the probe unit, each counted once on its side.
            long probeHeld = global.holds("probe") ? 1 : 0;
            assertThat(results.get("heldOutUnits").asLong()).as(results.toString()).isEqualTo(held + probeHeld);
            assertThat(results.get("inScopeUnits").asLong()).isEqualTo(60 - held + 1 - probeHeld);
        }
    }

    private static void refused(TestServer server, String body, int status, String naming) {
        var answer = server.post("/api/v1/holdouts", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error").asText()).contains(naming);
    }
}
