package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An interleaving experiment over HTTP on H2 and PostgreSQL: definition, team-draft lists, retries, credits, results, exports. */
class InterleavingApiIntegrationTest {
    private static final String DATA = "synthetic:customers=600,items=200,days=120,seed=5";

    @TempDir
    Path tmp;

    private static String item(JsonNode list, String side) {
        for (JsonNode i : list.get("items")) {
            if (i.get("side").asText().equals(side)) {
                return i.get("item").asText();
            }
        }
        throw new AssertionError("no item of side " + side + " in " + list);
    }

    private static String interaction(String customer, String item) {
        return "{\"customer\":\"" + customer + "\",\"item\":\"" + item + "\",\"timestamp\":\"" + Instant.now() + "\"}";
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void servesTeamDraftListsCreditsTheContributingSideAndReportsPreferences(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            var three = server.post("/api/v1/experiments", InterleavingDefinitionTest.TWO.replace("}]}",
                    "},{\"name\":\"C\",\"weight\":1,\"recommender\":\"user-based\"}]}"));
            assertThat(three.status()).as(three.body()).isEqualTo(422);
            assertThat(three.json().get("error").asText()).startsWith("treatments: design interleaving compares exactly 2");
            assertThat(server.post("/api/v1/experiments", InterleavingDefinitionTest.TWO).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/il/start", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    server.get("/api/v1/recommendations?experiment=il&unit=1").json().get("interleaved").asBoolean());

            JsonNode first = server.get("/api/v1/recommendations?experiment=il&unit=7&n=6&requestId=q7").json();
            assertThat(first.get("design").asText()).isEqualTo("interleaving");
            assertThat(first.get("exposureLogged").asBoolean()).isTrue();
            assertThat(first.get("items")).hasSize(6);
            List<String> sides = new ArrayList<>();
            Set<String> items = new HashSet<>();
            first.get("items").forEach(i -> {
                sides.add(i.get("side").asText());
                items.add(i.get("item").asText());
                assertThat(i.get("recommender").asText()).isEqualTo(i.get("side").asText().equals("A") ? "item-to-item" : "bestseller");
            });
            assertThat(items).hasSize(6);
            assertThat(sides.stream().filter("A"::equals).count()).isEqualTo(3);
            // A retry (same request id) shows the same list; the coins differ between requests.
            JsonNode retry = server.get("/api/v1/recommendations?experiment=il&unit=7&n=6&requestId=q7").json();
            assertThat(retry.get("items")).isEqualTo(first.get("items"));
            Set<String> firstTeams = new HashSet<>();
            for (int r = 0; r < 30; r++) {
                firstTeams.add(server.get("/api/v1/recommendations?experiment=il&unit=50&n=6&requestId=x" + r)
                        .json().at("/items/0/side").asText());
            }
            assertThat(firstTeams).containsExactlyInAnyOrder("A", "B");

            JsonNode eight = server.get("/api/v1/recommendations?experiment=il&unit=8&requestId=q8").json();
            JsonNode nine = server.get("/api/v1/recommendations?experiment=il&unit=9&requestId=q9").json();
            server.get("/api/v1/recommendations?experiment=il&unit=10&requestId=q10");
            // 7 takes an item A showed, 8 one B showed, 9 one of each (a tie), 10 nothing (a tie).
            assertThat(server.post("/api/v1/interactions", interaction("7", item(first, "A"))).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/interactions", interaction("7", item(first, "A"))).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/interactions", interaction("7", "never-shown")).status()).isEqualTo(200);
            server.post("/api/v1/interactions", interaction("8", item(eight, "B")));
            server.post("/api/v1/interactions", "{\"interactions\":[" + interaction("9", item(nine, "A")) + ","
                    + interaction("9", item(nine, "B")) + "]}");

            JsonNode results = server.get("/api/v1/experiments/il/interleaving").json();
            // 1 (shown once the models were ready), 7, 8, 9, 10 and 50: every unit shown an interleaved list.
            assertThat(results.get("units").asLong()).isEqualTo(6);
            assertThat(results.at("/sides/0/unitsPreferring").asLong()).isEqualTo(1);
            assertThat(results.at("/sides/1/unitsPreferring").asLong()).isEqualTo(1);
            assertThat(results.get("ties").asLong()).isEqualTo(4);
            assertThat(results.get("pValue").asDouble()).isEqualTo(SignTest.pValue(1, 1));
            assertThat(results.at("/sides/0/recommender").asText()).isEqualTo("item-to-item");
            assertThat(results.get("winner").isNull()).isTrue();

            var csv = server.get("/api/v1/experiments/il/interleaving?format=csv");
            assertThat(csv.body()).contains("unit,credits_a,credits_b,preference\r\n").contains("7,1,0,a\r\n")
                    .contains("8,0,1,b\r\n").contains("9,1,1,tie\r\n");
            var jsonl = server.get("/api/v1/experiments/il/interleaving?format=jsonl");
            assertThat(jsonl.body().lines().count()).isEqualTo(6);
            assertThat(jsonl.body()).contains("{\"unit\":\"9\",\"credits_a\":1,\"credits_b\":1,\"preference\":\"tie\"}");
            assertThat(server.get("/api/v1/experiments/il/interleaving?format=xml").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/nope/interleaving").status()).isEqualTo(404);
        }
    }

    /**
     * A unit QA forced to a side sees that side's list alone and never counts in the preferences, also once the
     * experiment is stopped; every unit answered counts for a running holdout, as on A/B recommendations
     * (both were missed: forced units got interleaved lists that counted, holdouts heard of no interleaved call).
     */
    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void forcedUnitsSeeTheirSideAloneAndHoldoutsHearOfEveryAnswer(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            assertThat(server.post("/api/v1/experiments", InterleavingDefinitionTest.TWO).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/il/start", null).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/holdouts", "{\"key\":\"h-all\",\"percent\":10}").status()).isEqualTo(201);
            // Only interleaved-experiment calls below: the holdout can hear of these units from them alone.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode r = server.get("/api/v1/recommendations?experiment=il&unit=1&requestId=w").json();
                return r.get("interleaved").asBoolean() || r.path("reason").asText().equals("holdout");
            });
            assertThat(server.put("/api/v1/experiments/il/overrides", "{\"overrides\":{\"f1\":\"B\"}}").status()).isEqualTo(200);
            JsonNode forced = server.get("/api/v1/recommendations?experiment=il&unit=f1&n=6&requestId=f").json();
            assertThat(forced.get("interleaved").asBoolean()).as(forced.toString()).isFalse();
            assertThat(forced.get("reason").asText()).isEqualTo("forced");
            forced.get("items").forEach(i -> assertThat(i.get("recommender").asText()).isEqualTo("bestseller"));
            assertThat(server.post("/api/v1/interactions", interaction("f1", forced.at("/items/0/item").asText())).status())
                    .isEqualTo(200);
            assertThat(server.post("/api/v1/experiments/il/stop", null).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/recommendations?experiment=il&unit=f1&n=6&requestId=g").json()
                    .get("interleaved").asBoolean()).isFalse();
            String csv = server.get("/api/v1/experiments/il/interleaving?format=csv").body();
            assertThat(csv.lines().noneMatch(l -> l.startsWith("f1,"))).as(csv).isTrue();

            JsonNode holdout = server.get("/api/v1/holdouts/h-all/results").json();
            assertThat(holdout.toString()).contains("inScopeUnits");
            assertThat(holdout.findValues("inScopeUnits").stream().mapToLong(JsonNode::asLong).sum()
                    + holdout.findValues("heldOutUnits").stream().mapToLong(JsonNode::asLong).sum())
                    .as("units answered by interleaved calls: %s", holdout).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * {@code "sharedItems": "neutral"}: an item both recommenders' lists held is marked neutral in the answer and
     * taking it credits nobody, while an item of one side's own still credits that side; the rule cannot change
     * once the experiment has run.
     */
    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void neutralSharedItemsCreditNobody(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null, DATA)) {
            String neutral = InterleavingDefinitionTest.TWO.replace("{\"key\"", "{\"sharedItems\":\"neutral\",\"key\"");
            assertThat(server.post("/api/v1/experiments", neutral).status()).isEqualTo(201);
            assertThat(server.get("/api/v1/experiments/il").json().at("/definition/sharedItems").asText()).isEqualTo("neutral");
            assertThat(server.post("/api/v1/experiments/il/start", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    server.get("/api/v1/recommendations?experiment=il&unit=1").json().get("interleaved").asBoolean());
            // A unit whose two lists share some items but not all (a unit without history gets the bestseller
            // fallback from both sides: every item shared).
            JsonNode shown = null;
            String unit = null;
            String request = null;
            for (int u = 0; u < 600 && shown == null; u++) {
                String customer = String.format("c%03d", u); // the synthetic data's customers
                JsonNode list = server.get("/api/v1/recommendations?experiment=il&unit=" + customer + "&n=10&requestId=r" + u).json();
                long shared = 0;
                for (JsonNode i : list.get("items")) {
                    shared += i.path("neutral").asBoolean(false) ? 1 : 0;
                }
                if (shared > 0 && shared < list.get("items").size()) {
                    shown = list;
                    unit = customer;
                    request = "r" + u;
                }
            }
            assertThat(shown).as("a unit shown items both lists hold and items of one side's own").isNotNull();
            String sharedItem = null;
            String ownItem = null;
            String ownSide = null;
            for (JsonNode i : shown.get("items")) {
                assertThat(i.get("side").asText()).isIn("A", "B"); // the picker is still told
                if (i.path("neutral").asBoolean(false)) {
                    sharedItem = i.get("item").asText();
                } else if (ownItem == null) {
                    ownItem = i.get("item").asText();
                    ownSide = i.get("side").asText();
                }
            }
            assertThat(server.post("/api/v1/interactions", interaction(unit, sharedItem)).status()).isEqualTo(200);
            var csv = server.get("/api/v1/experiments/il/interleaving?format=csv").body();
            assertThat(csv).contains(unit + ",0,0,tie\r\n");
            assertThat(server.post("/api/v1/interactions", interaction(unit, ownItem)).status()).isEqualTo(200);
            csv = server.get("/api/v1/experiments/il/interleaving?format=csv").body();
            assertThat(csv).contains(unit + (ownSide.equals("A") ? ",1,0,a\r\n" : ",0,1,b\r\n"));

            // A retry answers the recorded show, though the unit's history changed (its taken items would now be
            // left out of a recomputed list); the same request id for another unit is refused, not dropped.
            JsonNode retry = server.get("/api/v1/recommendations?experiment=il&unit=" + unit + "&n=10&requestId=" + request).json();
            assertThat(retry.get("items")).isEqualTo(shown.get("items"));
            // The same request id for another unit is that unit's own show, recorded and credited for it.
            JsonNode other = server.get("/api/v1/recommendations?experiment=il&unit=c599&n=10&requestId=" + request).json();
            assertThat(other.get("exposureId").asText()).isNotEqualTo(shown.get("exposureId").asText());
            assertThat(server.get("/api/v1/experiments/il/interleaving?format=csv").body()).contains("\r\nc599,0,0,tie\r\n");

            var change = server.put("/api/v1/experiments/il", InterleavingDefinitionTest.TWO);
            assertThat(change.status()).as(change.body()).isEqualTo(409);
            assertThat(change.json().get("error").asText()).contains("sharedItems cannot change (was neutral)");
        }
    }
}
