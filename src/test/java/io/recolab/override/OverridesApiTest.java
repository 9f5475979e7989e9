package io.recolab.override;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Forced treatments (issue 23.4) through the real server: set, audited, answered, exposures left out of the analysis. */
class OverridesApiTest {
    private static final String DEFINITION = """
            {"key":"qa-recs","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                           {"name":"T1","weight":1,"recommender":"bestseller"}],
             "exposurePercent":0}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void forcedUnitsSeeTheirTreatmentAndTheirExposuresAreExcluded(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.get("/api/v1/experiments/qa-recs/overrides").json().get("overrides").toString()).isEqualTo("{}");

            var unknown = server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":{\"qa-alice\":\"T9\"}}");
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.json().get("error").asText()).contains("overrides[\"qa-alice\"]").contains("\"T9\" is not a treatment");
            var notText = server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":{\"qa-alice\":1}}");
            assertThat(notText.status()).isEqualTo(400);
            assertThat(notText.json().get("error").asText()).contains("overrides[\"qa-alice\"]");
            assertThat(server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":[]}").status()).isEqualTo(400);
            var extra = server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":{},\"x\":1}");
            assertThat(extra.status()).isEqualTo(422);
            assertThat(extra.json().get("error").asText()).startsWith("unknown field 'x'");
            assertThat(server.put("/api/v1/experiments/nope/overrides", "{\"overrides\":{}}").status()).isEqualTo(404);

            var set = server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":{\"qa-bob\":\"C\",\"qa-alice\":\"T1\"}}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("overrides").toString()).isEqualTo("{\"qa-alice\":\"T1\",\"qa-bob\":\"C\"}");
            JsonNode history = server.get("/api/v1/experiments/qa-recs").json().get("history");
            assertThat(history.toString()).contains("\"overrides\"").contains("qa-alice");
            // Renaming T1 in the draft would leave qa-alice's override pointing nowhere, silently: refused.
            var renamed = server.put("/api/v1/experiments/qa-recs", DEFINITION.replace("\"T1\"", "\"T2\""));
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
            assertThat(renamed.json().get("error").asText()).contains("qa-alice -> T1").contains("overrides");

            // Forced comes first: even a draft shows QA its treatment, marked.
            JsonNode draft = server.get("/api/v1/experiments/qa-recs/assignment?unit=qa-alice").json();
            assertThat(draft.get("treatment").asText()).isEqualTo("T1");
            assertThat(draft.get("inExperiment").asBoolean()).isTrue();
            assertThat(draft.get("reason").asText()).isEqualTo("forced");

            assertThat(server.post("/api/v1/experiments/qa-recs/start", null).status()).isEqualTo(200);
            // exposurePercent 0: nobody else is in, the forced units are.
            JsonNode other = server.get("/api/v1/experiments/qa-recs/assignment?unit=someone").json();
            assertThat(other.get("inExperiment").asBoolean()).isFalse();
            assertThat(other.get("reason").asText()).isEqualTo("exposure");
            JsonNode alice = server.get("/api/v1/experiments/qa-recs/assignment?unit=qa-alice").json();
            assertThat(alice.get("treatment").asText()).isEqualTo("T1");
            assertThat(alice.get("reason").asText()).isEqualTo("forced");

            var answer = server.post("/api/v1/events", "{\"events\":[{\"id\":\"x1\",\"type\":\"exposure\","
                    + "\"experiment\":\"qa-recs\",\"unit\":\"qa-alice\"},{\"id\":\"x2\",\"type\":\"exposure\","
                    + "\"experiment\":\"qa-recs\",\"unit\":\"qa-bob\"}]}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("excluded").toString()).isEqualTo("{\"forced\":2}");
            JsonNode results = server.get("/api/v1/experiments/qa-recs/results").json();
            assertThat(results.path("excluded").path("forced").asLong()).as(results.toString()).isEqualTo(2);
            int units = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asInt();
            }
            assertThat(units).isZero();

            // Cleared: alice is assigned by the allocation again (outside, exposure 0).
            assertThat(server.put("/api/v1/experiments/qa-recs/overrides", "{\"overrides\":{}}").status()).isEqualTo(200);
            assertThat(server.get("/api/v1/experiments/qa-recs/assignment?unit=qa-alice").json().get("reason").asText())
                    .isEqualTo("exposure");
        }
    }

    /**
     * A unit exposed by the allocation cannot be forced afterwards: its exposures would stay in the results
     * while its later conversions were left out as forced (forcing 50 of 200 exposed units that all converted
     * showed 66 of 89 and 61 of 85 converting; red-team, 2026-12-07). The override is refused with 409 naming
     * the unit, and the unit's conversions keep counting in its arm. A unit not yet exposed can be forced.
     */
    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void aUnitAlreadyAnalysedCannotBeForced(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            assertThat(server.post("/api/v1/experiments", DEFINITION.replace("\"exposurePercent\":0", "\"exposurePercent\":100")
                    .replace("\"qa-recs\"", "\"qa-late\"")).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/qa-late/start", null).status()).isEqualTo(200);
            String natural = server.get("/api/v1/experiments/qa-late/assignment?unit=u1").json().get("treatment").asText();
            String other = natural.equals("C") ? "T1" : "C";
            assertThat(server.post("/api/v1/events", "{\"events\":[{\"id\":\"e1\",\"type\":\"exposure\","
                    + "\"experiment\":\"qa-late\",\"unit\":\"u1\"}]}").status()).isEqualTo(200);
            var refused = server.put("/api/v1/experiments/qa-late/overrides", "{\"overrides\":{\"u1\":\"" + other
                    + "\",\"qa-new\":\"" + other + "\"}}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).contains("1 unit(s) already have analysed exposures in 'qa-late' (u1)");
            assertThat(server.get("/api/v1/experiments/qa-late/overrides").body()).doesNotContain("qa-new");
            assertThat(server.put("/api/v1/experiments/qa-late/overrides", "{\"overrides\":{\"qa-new\":\"" + other + "\"}}")
                    .status()).isEqualTo(200);
            var later = server.post("/api/v1/events", "{\"events\":[{\"id\":\"c2\",\"type\":\"conversion\","
                    + "\"experiment\":\"qa-late\",\"unit\":\"u1\",\"metric\":\"conversion\"}]}");
            assertThat(later.status()).as(later.body()).isEqualTo(200);
            JsonNode results = server.get("/api/v1/experiments/qa-late/results").json();
            for (JsonNode t : results.get("treatments")) {
                boolean arm = t.get("name").asText().equals(natural);
                assertThat(t.get("units").asInt()).isEqualTo(arm ? 1 : 0);
                assertThat(t.get("conversions").asInt()).as("conversions of %s", t.get("name")).isEqualTo(arm ? 1 : 0);
            }
        }
    }
}
