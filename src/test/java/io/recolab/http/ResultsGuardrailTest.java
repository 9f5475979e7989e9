package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric roles on the results page (issue 22.6): the primary metric's role and every guardrail's state. */
class ResultsGuardrailTest {
    private static final String DEFINITION = """
            {"key":"gr","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"},
                        {"name":"purchase","type":"binomial","role":"primary"}]}""";

    @TempDir
    Path tmp;

    @Test
    void aGuardrailThatRoseBeyondChanceIsReportedBreached() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/gr/start", null).status()).isEqualTo(200);
            StringBuilder units = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                units.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
            }
            List<String> control = new ArrayList<>();
            List<String> treated = new ArrayList<>();
            for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + units + "],\"experiments\":[\"gr\"]}")
                    .json().get("assignments")) {
                (a.get("treatment").asText().equals("C") ? control : treated).add(a.get("unit").asText());
            }
            Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
            server.backdateStart("gr", at.minus(Duration.ofDays(1))); // the events are dated days back
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                events.add(event("xc" + i, "exposure", control.get(i), null, at));
                events.add(event("xt" + i, "exposure", treated.get(i), null, at));
                if (i % 10 == 0) { // control bounces 10%
                    events.add(event("bc" + i, "conversion", control.get(i), "bounce", at.plusSeconds(5)));
                }
                if (i % 10 < 4) { // treatment bounces 40%
                    events.add(event("bt" + i, "conversion", treated.get(i), "bounce", at.plusSeconds(5)));
                }
            }
            for (int from = 0; from < events.size(); from += 500) {
                var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                        events.subList(from, Math.min(events.size(), from + 500))) + "]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            JsonNode results = server.get("/api/v1/experiments/gr/results").json();
            assertThat(results.get("metric").asText()).isEqualTo("purchase"); // the primary, although listed second
            assertThat(results.get("metricRole").asText()).isEqualTo("primary");
            JsonNode g = results.at("/guardrails/0");
            assertThat(g.get("metric").asText()).isEqualTo("bounce");
            assertThat(g.get("harm").asText()).isEqualTo("increase");
            assertThat(g.get("treatment").asText()).isEqualTo("T1");
            assertThat(g.get("absoluteLift").asDouble()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(g.get("breached").asBoolean()).as(g.toString()).isTrue();
            assertThat(g.get("sequence").get(0).asDouble()).isPositive();
            assertThat(server.get("/api/v1/experiments/gr/results?metric=bounce").json().get("metricRole").asText())
                    .isEqualTo("guardrail");
        }
    }

    private static String event(String id, String type, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"gr\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\"") + ",\"timestamp\":\"" + at + "\"}";
    }
}
