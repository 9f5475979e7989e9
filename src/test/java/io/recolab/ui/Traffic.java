package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends exposures and conversions of a running experiment through the public API, the way a
 * service would: units are assigned by the server, then each treatment gets the wanted number of
 * exposed units spread over the last {@code days} days and converts at its wanted rate.
 */
public final class Traffic {
    private Traffic() {
    }

    /**
     * @param units per treatment name, how many units to expose
     * @param rates per treatment name, the share of its units that convert on {@code metric}
     */
    public static void send(TestServer server, String experiment, String metric, Map<String, Integer> units,
                            Map<String, Double> rates, int days) {
        Map<String, List<String>> byTreatment = new HashMap<>();
        int wanted = units.values().stream().mapToInt(Integer::intValue).sum();
        for (int batch = 0; byTreatment.entrySet().stream().anyMatch(e -> e.getValue().size() < units.get(e.getKey()))
                || byTreatment.size() < units.size(); batch++) {
            assertThat(batch).as("cannot fill the treatments from assignments").isLessThan(50);
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < Math.max(200, wanted); i++) {
                ids.append(i == 0 ? "" : ",").append("\"").append(experiment).append("-u").append(batch).append('-').append(i).append('"');
            }
            var r = server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"" + experiment + "\"]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (JsonNode a : r.json().get("assignments")) {
                if (a.get("inExperiment").asBoolean()) {
                    byTreatment.computeIfAbsent(a.get("treatment").asText(), t -> new ArrayList<>()).add(a.get("unit").asText());
                }
            }
        }
        Instant first = Instant.now().minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
        // The history is dated days back: the experiment ran since before it.
        server.backdateStart(experiment, first.minus(Duration.ofDays(1)));
        List<String> events = new ArrayList<>();
        for (Map.Entry<String, Integer> e : units.entrySet()) {
            List<String> mine = byTreatment.get(e.getKey());
            double rate = rates.getOrDefault(e.getKey(), 0.0);
            for (int i = 0; i < e.getValue(); i++) {
                String unit = mine.get(i);
                Instant at = first.plus(Duration.ofDays((long) i * days / e.getValue())).plusSeconds(i % 3600);
                events.add("{\"id\":\"x-" + unit + "\",\"type\":\"exposure\",\"experiment\":\"" + experiment
                        + "\",\"unit\":\"" + unit + "\",\"timestamp\":\"" + at + "\"}");
                // Deterministic: the first rate x 100 of every 100 units convert.
                if (i % 100 < Math.round(rate * 100)) {
                    events.add("{\"id\":\"c-" + unit + "\",\"type\":\"conversion\",\"experiment\":\"" + experiment
                            + "\",\"unit\":\"" + unit + "\",\"metric\":\"" + metric + "\",\"value\":1,\"timestamp\":\""
                            + at.plusSeconds(600) + "\"}");
                }
            }
        }
        for (int from = 0; from < events.size(); from += 1000) {
            var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                    events.subList(from, Math.min(events.size(), from + 1000))) + "]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }
}
