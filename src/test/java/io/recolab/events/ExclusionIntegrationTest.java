package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exposures that must not skew results are stored but excluded, and said so: in the answer to
 * their batch ({@code excluded} by reason) and in the experiment's results. An exposure dated
 * before the experiment started once made the results claim days of traffic from before it
 * existed; a stopped experiment's exposures were answered like any other.
 */
class ExclusionIntegrationTest {
    static final String DEFINITION = """
            {"key":"%s","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    static String exposure(String id, String experiment, String unit, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"exposure\",\"experiment\":\"" + experiment + "\",\"unit\":\"" + unit + "\""
                + (at == null ? "" : ",\"timestamp\":\"" + at + "\"") + "}";
    }

    static String conversion(String id, String experiment, String unit, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"conversion\",\"experiment\":\"" + experiment + "\",\"unit\":\"" + unit
                + "\",\"metric\":\"purchase\"" + (at == null ? "" : ",\"timestamp\":\"" + at + "\"") + "}";
    }

    static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void backDatedAndStoppedExposuresAreExcludedVisibly(Stores.Kind kind) throws InterruptedException {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("late")).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("other")).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/late/start", null).status()).isEqualTo(200);
            Instant threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS);

            // One batch, two experiments: a back-dated exposure, a good one, and one of a draft.
            var answer = server.post("/api/v1/events", batch(exposure("e-back", "late", "u1", threeDaysAgo),
                    exposure("e-now", "late", "u2", null), exposure("e-draft", "other", "u9", null)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("accepted").asInt()).isEqualTo(3);
            assertThat(answer.json().path("excluded").toString()).isEqualTo("{\"beforeStart\":1,\"draft\":1}");

            JsonNode results = server.get("/api/v1/experiments/late/results").json();
            assertThat(units(results)).as("only the exposure after the start counts").isEqualTo(1);
            assertThat(results.path("excluded").path("beforeStart").asLong()).isEqualTo(1);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (JsonNode day : results.path("daily")) {
                assertThat(LocalDate.parse(day.path("date").asText())).as("no day before the start").isAfterOrEqualTo(today.minusDays(1));
            }

            Instant running = Instant.now(); // after u2's exposure, before the stop (stored to the millisecond)
            Thread.sleep(5);
            assertThat(server.post("/api/v1/experiments/late/stop", null).status()).isEqualTo(200);
            String afterStop = batch(exposure("e-stopped", "late", "u3", null));
            var stopped = server.post("/api/v1/events", afterStop);
            assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
            assertThat(stopped.json().path("excluded").toString()).isEqualTo("{\"stopped\":1}");
            // A retry is a duplicate, not a second exclusion.
            var retried = server.post("/api/v1/events", afterStop);
            assertThat(retried.json().path("duplicates").asInt()).isEqualTo(1);
            assertThat(retried.json().path("excluded").toString()).isEqualTo("{}");

            // After the stop units see the control: a conversion occurring now is stored, not counted, and
            // said so; one that occurred before the stop, reported late, counts.
            var convertedAfter = server.post("/api/v1/events", batch(conversion("c-after", "late", "u2", null)));
            assertThat(convertedAfter.status()).as(convertedAfter.body()).isEqualTo(200);
            assertThat(convertedAfter.json().path("excludedConversions").toString()).isEqualTo("{\"stopped\":1}");
            results = server.get("/api/v1/experiments/late/results").json();
            assertThat(conversions(results)).as("after the stop: %s", results).isZero();
            var convertedLate = server.post("/api/v1/events", batch(conversion("c-late", "late", "u2", running)));
            assertThat(convertedLate.json().path("excludedConversions").toString()).isEqualTo("{}");

            results = server.get("/api/v1/experiments/late/results").json();
            assertThat(units(results)).isEqualTo(1);
            assertThat(results.path("excluded").toString()).isEqualTo("{\"beforeStart\":1,\"stopped\":1}");
            assertThat(results.path("excludedConversions").toString()).isEqualTo("{\"stopped\":1}");
            assertThat(conversions(results)).as("reported late: %s", results).isEqualTo(1);
            String conversions = server.get("/api/v1/experiments/late/export/conversions.csv").body();
            assertThat(conversions.lines().filter(l -> l.startsWith("c-after,")).findFirst().orElseThrow()).contains(",false,")
                    .endsWith(",stopped,");
            assertThat(conversions.lines().filter(l -> l.startsWith("c-late,")).findFirst().orElseThrow()).contains(",true,")
                    .endsWith(",,");
            assertThat(server.get("/api/v1/experiments/other/results").json().path("excluded").toString())
                    .isEqualTo("{\"draft\":1}");
            // Nothing is lost: the excluded exposures are in the export, marked as outside the analysis.
            String exported = server.get("/api/v1/experiments/late/export/exposures.csv").body();
            assertThat(exported).contains("e-back").contains("e-stopped");
            // ... each with its reason, so the results' excluded totals can be recounted from the export.
            assertThat(exported.lines().findFirst().orElseThrow()).endsWith(",items,exclusion,slices");
            assertThat(exported.lines().filter(l -> l.startsWith("e-back,")).findFirst().orElseThrow()).endsWith(",beforeStart,");
            assertThat(exported.lines().filter(l -> l.startsWith("e-stopped,")).findFirst().orElseThrow()).endsWith(",stopped,");
        }
    }

    private static long conversions(JsonNode results) {
        return results.path("treatments").findValues("conversions").stream().mapToLong(JsonNode::asLong).sum();
    }

    private static long units(JsonNode results) {
        long units = 0;
        for (JsonNode t : results.path("treatments")) {
            units += t.path("units").asLong();
        }
        return units;
    }

    /**
     * An exposure whose attributes the targeting does not take is excluded as outsideTargeting (the
     * assignment call with them answers the control); one inside it, or without attributes, counts.
     * A conversion's explicit null value and a repeated JSON key are refused, not stored as something else.
     */
    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void exposuresOutsideTheTargetingAreExcludedAndAmbiguousInputRefused(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            String targeted = DEFINITION.formatted("de-only").replaceFirst("}$",
                    ",\"targeting\":{\"country\":{\"eq\":\"DE\"}}}");
            assertThat(server.post("/api/v1/experiments", targeted).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/de-only/start", null).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/experiments/de-only/assignment?unit=us1&attr.country=US").json()
                    .get("reason").asText()).isEqualTo("targeting");
            var answer = server.post("/api/v1/events", batch(
                    "{\"id\":\"t-us\",\"type\":\"exposure\",\"experiment\":\"de-only\",\"unit\":\"us1\",\"attributes\":{\"country\":\"US\"}}",
                    "{\"id\":\"t-de\",\"type\":\"exposure\",\"experiment\":\"de-only\",\"unit\":\"de1\",\"attributes\":{\"country\":\"DE\"}}",
                    exposure("t-none", "de-only", "anon1", null)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("excluded").toString()).isEqualTo("{\"outsideTargeting\":1}");
            JsonNode results = server.get("/api/v1/experiments/de-only/results").json();
            assertThat(units(results)).isEqualTo(2);
            assertThat(results.path("excluded").path("outsideTargeting").asLong()).isEqualTo(1);

            var nullValue = server.post("/api/v1/events", batch("{\"id\":\"c-null\",\"type\":\"conversion\","
                    + "\"experiment\":\"de-only\",\"unit\":\"de1\",\"metric\":\"purchase\",\"value\":null}"));
            assertThat(nullValue.status()).isEqualTo(400);
            assertThat(nullValue.json().get("error").asText()).startsWith("events[0].value: must be a number, got null");
            var twice = server.post("/api/v1/events", "{\"events\":[{\"id\":\"k1\",\"id\":\"k2\",\"type\":\"exposure\","
                    + "\"experiment\":\"de-only\",\"unit\":\"de2\"}]}");
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.json().get("error").asText()).contains("Duplicate field 'id'");
        }
    }
}
