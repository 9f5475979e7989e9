package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correction across treatments and metrics on the results (issue 22.6): the family is every
 * treatment against the control on the primary and secondary metrics, guardrails apart; each
 * member's raw p-value is the uncorrected comparison of that metric, and the adjusted ones are
 * Holm (1979) over the whole family, recomputed here from its definition.
 */
class ResultsFamilyTest {
    private static final String DEFINITION = """
            {"key":"fam","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":34,"recommender":"item-to-item"},
                           {"name":"T1","weight":33,"recommender":"autoencoder"},
                           {"name":"T2","weight":33,"recommender":"bestseller"}],
             "metrics":[{"name":"purchase","type":"binomial","role":"primary"},
                        {"name":"revenue","type":"mean","role":"secondary"},
                        {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"}]}""";

    @TempDir
    Path tmp;

    @Test
    void theFamilyIsTreatmentsTimesPrimaryAndSecondaryMetricsCorrectedAsOneList() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/fam/start", null).status()).isEqualTo(200);
            Map<String, List<String>> arms = new HashMap<>();
            for (int batch = 0; batch < 2; batch++) { // at most 1,000 units per assignment call
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < 750; i++) {
                    ids.append(i == 0 ? "" : ",").append("\"u").append(batch).append('-').append(i).append('"');
                }
                for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"fam\"]}")
                        .json().get("assignments")) {
                    arms.computeIfAbsent(a.get("treatment").asText(), t -> new ArrayList<>()).add(a.get("unit").asText());
                }
            }
            Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
            server.backdateStart("fam", at.minus(Duration.ofDays(1)));
            List<String> events = new ArrayList<>();
            Map<String, int[]> every = Map.of("C", new int[] {10, 7}, "T1", new int[] {6, 5}, "T2", new int[] {9, 4});
            for (String arm : List.of("C", "T1", "T2")) {
                for (int i = 0; i < 300; i++) {
                    String u = arms.get(arm).get(i);
                    events.add(event("x" + u, "exposure", u, null, 0, at));
                    if (i % every.get(arm)[0] == 0) {
                        events.add(event("p" + u, "conversion", u, "purchase", 1, at));
                    }
                    if (i % every.get(arm)[1] == 0) {
                        events.add(event("r" + u, "conversion", u, "revenue", 5 + i % 13, at));
                    }
                }
            }
            for (int from = 0; from < events.size(); from += 500) {
                var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                        events.subList(from, Math.min(events.size(), from + 500))) + "]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            JsonNode family = server.get("/api/v1/experiments/fam/results").json().get("family");
            assertThat(family.get("correction").asText()).isEqualTo("holm");
            assertThat(family.get("size").asInt()).isEqualTo(4);
            List<String> members = new ArrayList<>();
            double[] raw = new double[4];
            int k = 0;
            for (JsonNode m : family.get("members")) {
                members.add(m.get("metric").asText() + "/" + m.get("role").asText() + "/" + m.get("treatment").asText());
                // The raw p-value is the metric's own comparison without a correction.
                JsonNode own = server.get("/api/v1/experiments/fam/results?correction=none&metric=" + m.get("metric").asText())
                        .json().get("comparisons");
                for (JsonNode c : own) {
                    if (c.get("treatment").asText().equals(m.get("treatment").asText())) {
                        assertThat(m.get("pValue").asDouble()).isCloseTo(c.get("pValue").asDouble(), within(1e-12));
                    }
                }
                raw[k++] = m.get("pValue").asDouble();
            }
            assertThat(members).containsExactly("purchase/primary/T1", "purchase/primary/T2", "revenue/secondary/T1",
                    "revenue/secondary/T2");
            double[] sorted = raw.clone();
            Arrays.sort(sorted);
            k = 0;
            for (JsonNode m : family.get("members")) {
                int rank = Arrays.binarySearch(sorted, raw[k++]);
                double holm = 0;
                for (int j = 0; j <= rank; j++) {
                    holm = Math.max(holm, Math.min(1, (4 - j) * sorted[j]));
                }
                assertThat(m.get("adjustedPValue").asDouble()).isCloseTo(holm, within(1e-12));
                assertThat(m.get("significant").asBoolean()).isEqualTo(holm < 0.05);
            }
            // Bonferroni-Holm over 4 is stricter than over the 2 treatments of one metric.
            JsonNode perMetric = server.get("/api/v1/experiments/fam/results").json().get("comparisons");
            assertThat(family.at("/members/0/adjustedPValue").asDouble())
                    .isGreaterThanOrEqualTo(perMetric.get(0).get("adjustedPValue").asDouble() - 1e-12);
        }
    }

    private static String event(String id, String type, String unit, String metric, double value, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"fam\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\",\"value\":" + value)
                + ",\"timestamp\":\"" + at.plusSeconds(metric == null ? 0 : 5) + "\"}";
    }
}
