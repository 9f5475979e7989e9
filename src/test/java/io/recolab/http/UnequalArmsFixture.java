package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 22.2's case through the public API: experiment {@code ev} (EventBadInputTest's definition,
 * metric purchase) with 20 exposed control units, one converted, against 2,000 treated units at 5%:
 * where the default test's false-positive rate reaches 36%, so the results page gives no verdict.
 */
public final class UnequalArmsFixture {
    public static final String KEY = "ev";

    private UnequalArmsFixture() {
    }

    public static void send(TestServer server) {
        EventBadInputTest.createRunning(server);
        List<String> control = new ArrayList<>();
        List<String> treated = new ArrayList<>();
        for (int from = 0; treated.size() < 2000; from += 1000) {
            StringBuilder units = new StringBuilder();
            for (int i = from; i < from + 1000; i++) {
                units.append(i == from ? "" : ",").append("\"u").append(i).append('"');
            }
            for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + units + "],\"experiments\":[\"ev\"]}")
                    .json().get("assignments")) {
                (a.get("treatment").asText().equals("C") ? control : treated).add(a.get("unit").asText());
            }
        }
        Instant at = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("xc" + i, "exposure", control.get(i), null, at));
        }
        events.add(event("cc0", "conversion", control.get(0), "purchase", at.plusSeconds(60)));
        for (int i = 0; i < 2000; i++) {
            events.add(event("xt" + i, "exposure", treated.get(i), null, at));
            if (i % 20 == 0) {
                events.add(event("ct" + i, "conversion", treated.get(i), "purchase", at.plusSeconds(60)));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                    events.subList(from, Math.min(events.size(), from + 500))) + "]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    private static String event(String id, String type, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"ev\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\"") + ",\"timestamp\":\"" + at + "\"}";
    }
}
