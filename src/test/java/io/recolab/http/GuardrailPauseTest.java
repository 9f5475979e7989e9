package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The automatic pause (issue 22.6) through the real server and its scheduled watch: a guardrail
 * that rose beyond chance pauses an experiment that asks for it, with an audit record naming the
 * breach and a line in /metrics; an experiment without autoPause keeps running with the same data;
 * an owner's resume after the pause is respected.
 */
class GuardrailPauseTest {
    private static final String DEFINITION = """
            {"key":"%s","unit":"customer","exposurePercent":100,%s
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","role":"primary"},
                        {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"}]}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Stores.Kind.class)
    void aBreachedGuardrailPausesTheExperimentThatAsksForIt(Stores.Kind kind) throws InterruptedException {
        try (TestServer server = TestServer.withGuardrailWatch(kind, tmp.resolve("data"), Duration.ofMillis(200))) {
            // Both are created before they are started, and get the same harmful traffic.
            assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("watched", "\"autoPause\":true,")).status())
                    .isEqualTo(201);
            assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("unwatched", "")).status()).isEqualTo(201);
            for (String key : List.of("watched", "unwatched")) {
                assertThat(server.post("/api/v1/experiments/" + key + "/start", null).status()).isEqualTo(200);
                Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
                server.backdateStart(key, at.minus(Duration.ofDays(1)));
                send(server, key, at);
            }
            assertThat(await(() -> status(server, "watched").equals("paused"))).as("paused by the watch").isTrue();
            JsonNode history = server.get("/api/v1/experiments/watched").json().get("history");
            JsonNode pause = history.get(history.size() - 1);
            assertThat(pause.get("actor").asText()).isEqualTo("guardrail-watch");
            assertThat(pause.get("action").asText()).isEqualTo("pause");
            JsonNode detail = pause.get("detail").isTextual() ? Json.parse(pause.get("detail").asText()) : pause.get("detail");
            assertThat(detail.at("/reason/breaches/0/metric").asText()).isEqualTo("bounce");
            assertThat(detail.at("/reason/breaches/0/treatment").asText()).isEqualTo("T1");
            assertThat(detail.at("/reason/breaches/0/sequence/0").asDouble()).isPositive();
            String metrics = server.get("/metrics").body();
            assertThat(metrics).containsPattern("recolab_guardrail_pauses_total(\\{[^}]*})? 1\\.0");
            assertThat(metrics).contains("recolab_guardrail_checks_total{outcome=\"breached\"");

            // The same breach without autoPause: shown on the results, the experiment left running.
            Thread.sleep(600);
            assertThat(status(server, "unwatched")).isEqualTo("running");
            assertThat(server.get("/api/v1/experiments/unwatched/results").json().at("/guardrails/0/breached").asBoolean())
                    .isTrue();

            // The owner looked and resumes: the watch does not pause it again for the same breach.
            assertThat(server.post("/api/v1/experiments/watched/resume", null).status()).isEqualTo(200);
            Thread.sleep(800);
            assertThat(status(server, "watched")).isEqualTo("running");
            assertThat(server.get("/metrics").body()).contains("recolab_guardrail_checks_total{outcome=\"overridden\"");
            long pauses = 0;
            for (JsonNode c : server.get("/api/v1/experiments/watched").json().get("history")) {
                pauses += c.get("actor").asText().equals("guardrail-watch") ? 1 : 0;
            }
            assertThat(pauses).isEqualTo(1);
        }
    }

    /** Two nodes on one PostgreSQL store, both watching every 100 ms: one pause, by one node, counted once. */
    @org.junit.jupiter.api.Test
    void onSeveralNodesOneNodePausesOnce() throws InterruptedException {
        try (TestServer one = TestServer.withGuardrailWatch(Stores.Kind.POSTGRESQL, tmp.resolve("one"), Duration.ofMillis(100));
             TestServer two = one.joinNode(tmp.resolve("two"), Duration.ofMillis(100))) {
            assertThat(one.post("/api/v1/experiments", DEFINITION.formatted("shared", "\"autoPause\":true,")).status())
                    .isEqualTo(201);
            assertThat(one.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
            one.backdateStart("shared", at.minus(Duration.ofDays(1)));
            assertThat(await(() -> two.get("/api/v1/experiments/shared").json().get("status").asText().equals("running")))
                    .isTrue();
            send(one, "shared", at);
            assertThat(await(() -> status(two, "shared").equals("paused"))).isTrue();
            Thread.sleep(1000); // several more rounds on both nodes
            long pauses = 0;
            for (JsonNode c : two.get("/api/v1/experiments/shared").json().get("history")) {
                pauses += c.get("actor").asText().equals("guardrail-watch") ? 1 : 0;
            }
            assertThat(pauses).isEqualTo(1);
            assertThat(pausesCounted(one) + pausesCounted(two)).isEqualTo(1);
        }
    }

    private static double pausesCounted(TestServer server) {
        var m = java.util.regex.Pattern.compile("recolab_guardrail_pauses_total(?:\\{[^}]*})? ([0-9.]+)")
                .matcher(server.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String status(TestServer server, String key) {
        return server.get("/api/v1/experiments/" + key).json().get("status").asText();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** 300 units per arm; the control bounces 10%, the treatment 40%: a breach at any look. */
    private static void send(TestServer server, String key, Instant at) {
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
                events.add(event(key, "bc" + i, "conversion", control.get(i), "bounce", at.plusSeconds(5)));
            }
            if (i % 10 < 4) {
                events.add(event(key, "bt" + i, "conversion", treated.get(i), "bounce", at.plusSeconds(5)));
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
