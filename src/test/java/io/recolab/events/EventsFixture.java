package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds event batches and reads totals back through the API, for the events integration tests. */
final class EventsFixture {
    static final String KEY = "ev";
    static final String DEFINITION = """
            {"key":"ev","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},
                        {"name":"revenue","type":"mean","windowDays":7}]}""";

    private EventsFixture() {
    }

    static void createRunning(TestServer server, String definition) {
        var created = server.post("/api/v1/experiments", definition);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().at("/definition/key").asText();
        var started = server.post("/api/v1/experiments/" + key + "/start", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        // The tests replay history: the experiment ran since before their earliest timestamp.
        server.backdateStart(key, Instant.now().minus(java.time.Duration.ofDays(100)));
    }

    static String exposure(String id, String unit, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"exposure\",\"experiment\":\"" + KEY + "\",\"unit\":\"" + unit + "\""
                + (at == null ? "" : ",\"timestamp\":\"" + at + "\"") + "}";
    }

    static String conversion(String id, String unit, String metric, Double value, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"conversion\",\"experiment\":\"" + KEY + "\",\"unit\":\"" + unit
                + "\",\"metric\":\"" + metric + "\"" + (value == null ? "" : ",\"value\":" + value)
                + (at == null ? "" : ",\"timestamp\":\"" + at + "\"") + "}";
    }

    static String batch(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    static String batch(String... events) {
        return batch(List.of(events));
    }

    /** Posts a batch and checks it was accepted with the expected counts. */
    static void send(TestServer server, String body, int accepted, int duplicates) {
        send(server, body, accepted, duplicates, 0);
    }

    /** @param conflicts ids reused with other content (EventIdConflictTest): not stored, not duplicates */
    static void send(TestServer server, String body, int accepted, int duplicates, int conflicts) {
        var r = server.post("/api/v1/events", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(accepted);
        assertThat(r.json().get("duplicates").asInt()).as(r.body()).isEqualTo(duplicates);
        assertThat(r.json().get("conflicts").asInt()).as(r.body()).isEqualTo(conflicts);
    }

    static JsonNode results(TestServer server, String metric) {
        var r = server.get("/api/v1/experiments/" + KEY + "/results" + (metric == null ? "" : "?metric=" + metric));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Units, conversions, sum and sumSquares summed over the treatments. */
    static Totals totals(TestServer server, String metric) {
        JsonNode treatments = results(server, metric).get("treatments");
        long units = 0;
        long conversions = 0;
        double sum = 0;
        double sumSquares = 0;
        for (JsonNode t : treatments) {
            units += t.get("units").asLong();
            conversions += t.get("conversions").asLong();
            sum += t.get("sum").asDouble();
            sumSquares += t.get("sumSquares").asDouble();
        }
        return new Totals(units, conversions, sum, sumSquares);
    }

    record Totals(long units, long conversions, double sum, double sumSquares) {
    }

    static List<String> ids(int from, int to, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    static String describe(List<String> events) {
        return events.stream().collect(Collectors.joining("\n"));
    }
}
