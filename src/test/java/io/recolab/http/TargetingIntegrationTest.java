package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targeting through the real server on H2: definitions, assignment, batch assignment, recommendations. */
class TargetingIntegrationTest {
    private static final String DATA = "synthetic:customers=200,items=50,days=30,seed=3";
    private static final String DEFINITION = """
            {"key":"de-mobile","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                              {"name":"T","weight":1,"recommender":"bestseller"}],
             "targeting":{"country":{"in":["DE","AT"]},"device":{"eq":"mobile"}}}""";

    @TempDir
    Path tmp;

    @Test
    void badConditionsAreRefusedWith422NamingThePath() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            String bad = DEFINITION.replace("\"targeting\":{\"country\":{\"in\":[\"DE\",\"AT\"]},\"device\":{\"eq\":\"mobile\"}}",
                    "\"targeting\":{\"and\":[{\"country\":{\"eq\":\"DE\"}},{\"country\":{\"gt\":[1]}}]}");
            var created = server.post("/api/v1/experiments", bad);
            assertThat(created.status()).as(created.body()).isEqualTo(422);
            assertThat(created.json().get("error").asText())
                    .startsWith("targeting.and[1].country.gt: must be a number or string");
            var checked = server.post("/api/v1/definitions/check", bad.replace("\"gt\":[1]", "\"between\":1"));
            assertThat(checked.status()).isEqualTo(422);
            assertThat(checked.json().get("error").asText()).startsWith("targeting.and[1].country.between: unknown operator");

            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            var updated = server.put("/api/v1/experiments/de-mobile",
                    DEFINITION.replace("{\"eq\":\"mobile\"}", "{\"regex\":\"(mobile\"}"));
            assertThat(updated.status()).isEqualTo(422);
            assertThat(updated.json().get("error").asText()).startsWith("targeting.device.regex: not a regular expression");
            // The draft keeps its targeting, as written.
            JsonNode stored = server.get("/api/v1/experiments/de-mobile").json();
            assertThat(stored.at("/definition/targeting/country/in/1").asText()).isEqualTo("AT");

            // Once it has run, the targeting is frozen with the arms.
            assertThat(server.post("/api/v1/experiments/de-mobile/start", null).status()).isEqualTo(200);
            var changed = server.put("/api/v1/experiments/de-mobile", DEFINITION.replace("\"AT\"", "\"CH\""));
            assertThat(changed.status()).isEqualTo(409);
            assertThat(changed.json().get("error").asText()).contains("targeting");
        }
    }

    @Test
    void unitsOutsideTheTargetingAreOutsideTheExperimentAndNotExposed() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null, DATA)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/de-mobile/start", null).status()).isEqualTo(200);

            JsonNode inside = server.get("/api/v1/experiments/de-mobile/assignment?unit=u1&attr.country=DE&attr.device=mobile").json();
            assertThat(inside.get("inExperiment").asBoolean()).as(inside.toString()).isTrue();
            JsonNode outside = server.get("/api/v1/experiments/de-mobile/assignment?unit=u1&attr.country=FR&attr.device=mobile").json();
            assertThat(outside.get("inExperiment").asBoolean()).isFalse();
            assertThat(outside.get("treatment").asText()).isEqualTo("C");
            // Without attributes (today's calls), a targeted experiment does not take the unit.
            assertThat(server.get("/api/v1/experiments/de-mobile/assignment?unit=u1").json().get("inExperiment").asBoolean())
                    .isFalse();

            JsonNode batch = server.post("/api/v1/assignments", """
                    {"units":["u1","u2"],"experiments":["de-mobile"],"attributes":{"country":"AT","device":"mobile"}}""").json();
            assertThat(batch.get("assignments")).hasSize(2).allSatisfy(a -> assertThat(a.get("inExperiment").asBoolean()).isTrue());
            JsonNode batchOut = server.post("/api/v1/assignments", """
                    {"units":["u1","u2"],"experiments":["de-mobile"],"attributes":{"country":"AT"}}""").json();
            assertThat(batchOut.get("assignments")).allSatisfy(a -> assertThat(a.get("inExperiment").asBoolean()).isFalse());
            var badAttributes = server.post("/api/v1/assignments", """
                    {"units":["u1"],"experiments":["de-mobile"],"attributes":{"country":["DE"]}}""");
            assertThat(badAttributes.status()).isEqualTo(400);
            assertThat(badAttributes.json().get("error").asText()).contains("attributes.country must be a string, number or boolean");
            var badParam = server.get("/api/v1/experiments/de-mobile/assignment?unit=u1&attr.country=" + "x".repeat(300));
            assertThat(badParam.status()).isEqualTo(400);
            assertThat(badParam.json().get("error").asText()).contains("attr.country must be at most 256");

            // Recommendations: ten units inside are exposed, ten outside are not.
            for (int i = 0; i < 10; i++) {
                JsonNode in = server.get("/api/v1/recommendations?experiment=de-mobile&unit=in" + i
                        + "&attr.country=DE&attr.device=mobile").json();
                assertThat(in.get("inExperiment").asBoolean()).isTrue();
                assertThat(in.get("exposureLogged").asBoolean()).isTrue();
                JsonNode out = server.get("/api/v1/recommendations?experiment=de-mobile&unit=out" + i
                        + "&attr.country=DE&attr.device=desktop").json();
                assertThat(out.get("inExperiment").asBoolean()).isFalse();
                assertThat(out.get("exposureLogged").asBoolean()).isFalse();
                assertThat(out.get("exposureId").isNull()).isTrue();
            }
            // The writer is first in, first out: once this batch is acknowledged every exposure before it is committed.
            String barrier = "{\"events\":[{\"id\":\"barrier\",\"type\":\"conversion\",\"experiment\":\"de-mobile\","
                    + "\"unit\":\"never-shown\",\"metric\":\"conversion\"}]}";
            assertThat(server.post("/api/v1/events", barrier).status()).isEqualTo(200);
            JsonNode results = server.get("/api/v1/experiments/de-mobile/results").json();
            int units = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asInt();
            }
            assertThat(units).as(results.toString()).isEqualTo(10);
        }
    }
}
