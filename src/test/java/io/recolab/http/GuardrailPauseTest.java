package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.testing.GuardrailBreach;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Stores.Kind.class)
    void aBreachedGuardrailPausesTheExperimentThatAsksForIt(Stores.Kind kind) throws InterruptedException {
        try (TestServer server = TestServer.withGuardrailWatch(kind, tmp.resolve("data"), Duration.ofMillis(200))) {
            // Both are created before they are started, and get the same harmful traffic.
            GuardrailBreach.create(server, "watched", true);
            GuardrailBreach.create(server, "unwatched", false);
            for (String key : List.of("watched", "unwatched")) {
                GuardrailBreach.startAndBreach(server, key);
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
            // The printable report says it first too.
            assertThat(server.get("/api/v1/experiments/watched/report.html").body())
                    .contains("Paused automatically by the guardrail watch at").contains("bounce (T1) breached")
                    .contains("resuming is the owner").contains("automatic pause on");
            String metrics = server.get("/metrics").body();
            assertThat(metrics).containsPattern("recolab_guardrail_pauses_total(\\{[^}]*})? 1\\.0");
            assertThat(metrics).contains("recolab_guardrail_checks_total{outcome=\"breached\"");

            // The same breach without autoPause: shown on the results, the experiment left running.
            Thread.sleep(600);
            assertThat(status(server, "unwatched")).isEqualTo("running");
            assertThat(server.get("/api/v1/experiments/unwatched/results").json().at("/guardrails/0/breached").asBoolean())
                    .isTrue();

            assertThat(server.get("/api/v1/experiments/unwatched/report.html").body())
                    .contains("Guardrail breached: bounce (T1); breached, not paused: automatic pause is off.")
                    .contains("automatic pause off");

            // The owner looked and resumes: the watch does not pause it again for the same breach.
            assertThat(server.post("/api/v1/experiments/watched/resume", null).status()).isEqualTo(200);
            Thread.sleep(800);
            assertThat(status(server, "watched")).isEqualTo("running");
            assertThat(server.get("/api/v1/experiments/watched/report.html").body()).contains("Resumed by ")
                    .contains("Still breached: bounce (T1).");
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
            GuardrailBreach.create(one, "shared", true);
            assertThat(one.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            Instant at = GuardrailBreach.trafficAt();
            one.backdateStart("shared", at.minus(Duration.ofDays(1)));
            assertThat(await(() -> two.get("/api/v1/experiments/shared").json().get("status").asText().equals("running")))
                    .isTrue();
            GuardrailBreach.send(one, "shared", at);
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
}
