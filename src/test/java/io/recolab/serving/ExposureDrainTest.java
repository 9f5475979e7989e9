package io.recolab.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exposures the server logs for its recommendations are answered before their commit (see
 * {@link RecommendationService#logExposure}); a SIGTERM must still commit every one of them. A
 * separate server process answers recommendations to several clients and is terminated the
 * moment the last answer is in; after a restart, every unit that was answered is an exposed unit.
 */
class ExposureDrainTest {
    static final String KEY = "drain-test-admin-key-0123456789";
    static final String DEFINITION = """
            {"key":"drain","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                         {"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    @Test
    void sigtermCommitsEveryExposureAlreadyAnswered() throws Exception {
        Path data = tmp.resolve("data");
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Path log = tmp.resolve("server.log");
        int port = ServerProcess.freePort();
        ServerProcess server = ServerProcess.start(KEY, data, experiments, port, log,
                "--data", "synthetic:customers=400,items=100,days=60,seed=3");
        AtomicInteger logged = new AtomicInteger();
        try {
            server.call("POST", "/api/v1/experiments", DEFINITION, 201);
            server.call("POST", "/api/v1/experiments/drain/start", null, 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (recommend(server, "warm-up").get("servedBy").isNull() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        if (recommend(server, "c" + client + "-" + i).get("exposureLogged").asBoolean()) {
                            logged.incrementAndGet();
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            for (Thread t : clients) {
                t.join(60_000);
            }
        } finally {
            assertThat(server.terminate()).as("the server stops on SIGTERM").isTrue();
        }
        assertThat(logged.get()).isEqualTo(600);
        assertThat(Files.readString(log)).doesNotContain("stopped before writing");

        try (ServerProcess restarted = ServerProcess.start(KEY, data, experiments, port, log)) {
            JsonNode results = Json.parse(restarted.call("GET", "/api/v1/experiments/drain/results", null, 200));
            long units = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asLong();
            }
            assertThat(units).as("exposed units after SIGTERM and restart").isEqualTo(600 + 1); // and the warm-up unit
        }
    }

    private static JsonNode recommend(ServerProcess server, String unit) {
        return Json.parse(server.call("GET", "/api/v1/recommendations?experiment=drain&n=3&unit=" + unit
                + "&requestId=" + unit, null, 200));
    }
}
