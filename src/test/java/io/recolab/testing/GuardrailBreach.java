package io.recolab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A guardrail breach, as the pause tests through the API (http.GuardrailPauseTest) and in the browser
 * (ui.GuardrailPauseUiTest) both need it: an experiment with a primary metric {@code purchase} and a
 * guardrail {@code bounce} (harm: increase), started a day before its traffic, and traffic where the
 * control bounces 10% and the treatment T1 40% on 300 units per arm: a breach at any look.
 */
public final class GuardrailBreach {
    public static final String METRIC = "bounce";
    public static final String TREATMENT = "T1";

    private GuardrailBreach() {
    }

    /** The definition of experiment {@code key}, with {@code "autoPause": true} or without it. */
    public static String definition(String key, boolean autoPause) {
        return """
                {"key":"%s","unit":"customer","exposurePercent":100,%s
                 "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                               {"name":"T1","weight":50,"recommender":"autoencoder"}],
                 "metrics":[{"name":"purchase","type":"binomial","role":"primary"},
                            {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"}]}"""
                .formatted(key, autoPause ? "\"autoPause\":true," : "");
    }

    /** Creates experiment {@code key} as a draft (created before started, so several get the same traffic). */
    public static void create(TestServer server, String key, boolean autoPause) {
        assertThat(server.post("/api/v1/experiments", definition(key, autoPause)).status()).isEqualTo(201);
    }

    /** Starts {@code key}, dates its start a day before the traffic, and sends the harmful traffic. */
    public static void startAndBreach(TestServer server, String key) {
        assertThat(server.post("/api/v1/experiments/" + key + "/start", null).status()).isEqualTo(200);
        Instant at = trafficAt();
        server.backdateStart(key, at.minus(Duration.ofDays(1)));
        send(server, key, at);
    }

    /** Noon two days ago: a whole day of data, before now on every clock. */
    public static Instant trafficAt() {
        return Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
    }

    /** 300 units per arm; the control bounces 10%, the treatment 40%: a breach at any look. */
    public static void send(TestServer server, String key, Instant at) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            ids.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        List<String> control = new ArrayList<>();
        List<String> treated = new ArrayList<>();
        for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"" + key + "\"]}")
                .json().get("assignments")) {
            (a.get("treatment").asText().equals("C") ? control : treated).add(a.get("unit").asText());
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event(key, "xc" + i, "exposure", control.get(i), null, at));
            events.add(event(key, "xt" + i, "exposure", treated.get(i), null, at));
            if (i % 10 == 0) {
                events.add(event(key, "bc" + i, "conversion", control.get(i), METRIC, at.plusSeconds(5)));
            }
            if (i % 10 < 4) {
                events.add(event(key, "bt" + i, "conversion", treated.get(i), METRIC, at.plusSeconds(5)));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                    events.subList(from, Math.min(events.size(), from + 500))) + "]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    private static String event(String key, String id, String type, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"" + key + "\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\"") + ",\"timestamp\":\"" + at + "\"}";
    }
}
