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
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The results endpoint on real stores: totals, the engine's comparisons, SRM, daily rows and CSV. */
class ResultsRoutesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void resultsFromRollups(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            EventBadInputTest.createRunning(server);
            List<String> control = new ArrayList<>();
            List<String> treated = new ArrayList<>();
            StringBuilder units = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                units.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
            }
            JsonNode assignments = server.post("/api/v1/assignments",
                    "{\"units\":[" + units + "],\"experiments\":[\"ev\"]}").json().get("assignments");
            for (JsonNode a : assignments) {
                (a.get("treatment").asText().equals("C") ? control : treated).add(a.get("unit").asText());
            }
            Instant day1 = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
            Instant day2 = day1.plus(Duration.ofDays(1));
            // 200 units per arm over two days; control converts 20, treatment 60 on purchase.
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Instant at = i < 100 ? day1 : day2;
                events.add(exposure("xc" + i, control.get(i), at));
                events.add(exposure("xt" + i, treated.get(i), at));
                if (i % 10 == 0) {
                    events.add(conversion("cc" + i, control.get(i), "purchase", at.plusSeconds(60)));
                }
                if (i % 10 < 3) {
                    events.add(conversion("ct" + i, treated.get(i), "purchase", at.plusSeconds(60)));
                }
            }
            for (int from = 0; from < events.size(); from += 300) {
                var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                        events.subList(from, Math.min(events.size(), from + 300))) + "]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            JsonNode results = server.get("/api/v1/experiments/ev/results").json();
            assertThat(results.get("experiment").asText()).isEqualTo("ev");
            assertThat(results.get("metric").asText()).isEqualTo("purchase");
            JsonNode c = results.at("/treatments/0");
            JsonNode t = results.at("/treatments/1");
            assertThat(c.get("name").asText()).isEqualTo("C");
            assertThat(c.get("recommender").asText()).isEqualTo("item-to-item");
            assertThat(c.get("units").asLong()).isEqualTo(200);
            assertThat(c.get("conversions").asLong()).isEqualTo(20);
            assertThat(c.get("mean").asDouble()).isEqualTo(0.1);
            // Wilson's interval of 20/200; source: statsmodels proportion_confint(20, 200, alpha=0.05, method='wilson').
            assertThat(c.get("meanCiMethod").asText()).isEqualTo("wilson");
            assertThat(c.at("/meanCi/0").asDouble()).isCloseTo(0.06567044866909588, within(1e-9));
            assertThat(c.at("/meanCi/1").asDouble()).isCloseTo(0.1494058124327174, within(1e-9));
            assertThat(t.get("units").asLong()).isEqualTo(200);
            assertThat(t.get("conversions").asLong()).isEqualTo(60);
            JsonNode cmp = results.at("/comparisons/0");
            assertThat(cmp.get("treatment").asText()).isEqualTo("T1");
            assertThat(cmp.get("relativeLift").asDouble()).isCloseTo(2.0, within(1e-9));
            assertThat(cmp.get("absoluteLift").asDouble()).isCloseTo(0.2, within(1e-9));
            assertThat(cmp.get("relativeCi")).hasSize(2);
            assertThat(cmp.get("absoluteCi")).hasSize(2);
            assertThat(cmp.get("pValue").asDouble()).isLessThan(0.01); // the absolute difference's Welch test: t = 5.16
            assertThat(cmp.get("adjustedPValue").asDouble()).isGreaterThanOrEqualTo(cmp.get("pValue").asDouble());
            assertThat(cmp.get("significant").asBoolean()).isTrue();
            assertThat(cmp.get("chanceToWin").asDouble()).isGreaterThan(0.99);
            assertThat(results.at("/srm/mismatch").asBoolean()).isFalse();
            assertThat(results.at("/srm/pValue").asDouble()).isEqualTo(1.0);
            JsonNode daily = results.get("daily");
            assertThat(daily).hasSize(4);
            JsonNode last = daily.get(3);
            assertThat(last.get("date").asText()).isEqualTo(day2.toString().substring(0, 10));
            assertThat(last.get("units").asLong()).isEqualTo(100);
            assertThat(last.get("cumulativeUnits").asLong()).isEqualTo(200);
            assertThat(last.has("sum") && last.has("sumSquares") && last.has("cumulativeConversions")).isTrue();

            JsonNode revenue = server.get("/api/v1/experiments/ev/results?metric=revenue").json();
            assertThat(revenue.at("/treatments/0/units").asLong()).isEqualTo(200);
            assertThat(revenue.at("/comparisons/0/message").asText()).contains("control mean is 0");

            var csv = server.get("/api/v1/experiments/ev/results?format=csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            String[] lines = csv.body().split("\r\n"); // RFC 4180 line ends
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("experiment,metric,treatment,recommender,units,conversions,sum,sum_squares,mean,relative_lift");
            assertThat(lines[1]).startsWith("ev,purchase,C,item-to-item,200,20,20,20,0.1,,");
            assertThat(lines[2]).startsWith("ev,purchase,T1,autoencoder,200,60,60,60,0.3,")
                    .contains(",true,0.999999879121806,1,false,"); // significant .. srm_mismatch; more columns follow
            // chance to win = Phi(0.2 / sqrt(0.09/200 + 0.21/200)), scipy.stats.norm.cdf; the Wilson columns close the row.
            assertThat(lines[1]).contains(",0.06567044866909588,0.1494058124327174,wilson,");

            assertThat(server.get("/api/v1/experiments/nope/results").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/ev/results?metric=clicks").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/ev/results?format=xml").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/ev/results?test=magic").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/ev/results?alpha=2").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/ev/results?test=bayesian&correction=bh").status()).isEqualTo(200);
            var key = server.post("/api/v1/keys", "{\"label\":\"svc\",\"scopes\":[\"assign\"]}").json().get("key").asText();
            assertThat(server.send("GET", "/api/v1/experiments/ev/results", null, key).status()).isEqualTo(403);
        }
    }

    private static String exposure(String id, String unit, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"exposure\",\"experiment\":\"ev\",\"unit\":\"" + unit
                + "\",\"timestamp\":\"" + at + "\"}";
    }

    private static String conversion(String id, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"conversion\",\"experiment\":\"ev\",\"unit\":\"" + unit
                + "\",\"metric\":\"" + metric + "\",\"timestamp\":\"" + at + "\"}";
    }
}
