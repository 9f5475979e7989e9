package io.recolab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The client against a real server, on H2 and PostgreSQL. */
class RecolabClientIntegrationTest {
    static final String DEFINITION = """
            {"key":"%s","exposurePercent":%s,
             "treatments":[{"name":"C","weight":5,"recommender":"bestseller"},
                           {"name":"T1","weight":3,"recommender":"item-to-item"},
                           {"name":"T2","weight":2,"recommender":"user-based"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private static void createRunning(TestServer server, String key, double exposure) {
        var created = server.post("/api/v1/experiments", DEFINITION.formatted(key, exposure));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/" + key + "/start", null).status()).isEqualTo(200);
    }

    private static RecolabClient client(TestServer server) {
        return RecolabClient.start(RecolabClient.Options.of(URI.create(server.baseUrl()), TestServer.ADMIN_KEY)
                .withRefreshEvery(Duration.ofMillis(200))
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .withCloseTimeout(Duration.ofSeconds(20)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void assignsExactlyLikeTheServerForAHundredThousandUnits(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            createRunning(server, "local", 73.5);
            try (RecolabClient client = client(server)) {
                int mismatches = 0;
                for (int from = 0; from < 100_000; from += 1_000) {
                    List<String> units = new ArrayList<>();
                    for (int i = from; i < from + 1_000; i++) {
                        units.add(i % 7 == 0 ? "顧客-" + i : "customer-" + i);
                    }
                    String body = "{\"units\":[" + units.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","))
                            + "],\"experiments\":[\"local\"]}";
                    var r = server.post("/api/v1/assignments", body);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    JsonNode served = r.json().get("assignments");
                    for (int i = 0; i < units.size(); i++) {
                        JsonNode s = served.get(i);
                        ClientAssignment a = client.assign("local", units.get(i)).orElseThrow();
                        boolean same = s.get("unit").asText().equals(a.unit()) && s.get("treatment").asText().equals(a.treatment())
                                && s.get("recommender").asText().equals(a.recommender())
                                && s.get("inExperiment").asBoolean() == a.inExperiment();
                        mismatches += same ? 0 : 1;
                    }
                }
                assertThat(mismatches).isZero();

                // A paused experiment gives the control outside the experiment, on both sides.
                assertThat(server.post("/api/v1/experiments/local/pause", null).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.assign("local", "customer-3"))
                        .hasValue(new ClientAssignment("local", "customer-3", "C", "bestseller", false)));
                assertThat(server.get("/api/v1/experiments/local/assignment?unit=customer-3").json().get("inExperiment")
                        .asBoolean()).isFalse();
            }
        }
    }

    /**
     * Events queued while the server is down are retried until it is back, and each counts once:
     * batches that were committed just before the stop and sent again show up as duplicates.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void eventsSurviveAServerRestartWithoutDuplicates(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            createRunning(server, "restart", 100);
            try (RecolabClient client = client(server)) {
                for (int i = 0; i < 300; i++) {
                    ClientAssignment a = client.assign("restart", "u" + i).orElseThrow();
                    assertThat(client.exposure(a)).isTrue();
                }
                server.stop();
                for (int i = 300; i < 600; i++) {
                    assertThat(client.exposure("restart", "u" + i)).isTrue();
                }
                for (int i = 0; i < 600; i += 4) {
                    assertThat(client.conversion("restart", "u" + i, "purchase", null)).isTrue();
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().retries() > 2);
                server.startAgain();
                assertThat(client.flush(Duration.ofSeconds(60))).as("flushed: %s", client.stats()).isTrue();
                ClientStats stats = client.stats();
                assertThat(stats.sent()).as(stats.toString()).isEqualTo(750);
                assertThat(stats.dropped() + stats.rejected()).isZero();
            }
            JsonNode results = server.get("/api/v1/experiments/restart/results?metric=purchase").json();
            long units = 0;
            long conversions = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asLong();
                conversions += t.get("conversions").asLong();
            }
            assertThat(units).isEqualTo(600);
            assertThat(conversions).isEqualTo(150);
        }
    }

    /** A batch the server refuses for one bad event is split: the bad one is rejected, the rest arrive. */
    @ParameterizedTest
    @MethodSource("stores")
    void oneInvalidEventDoesNotSinkItsBatch(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            createRunning(server, "split", 100);
            try (RecolabClient client = client(server)) {
                for (int i = 0; i < 99; i++) {
                    client.exposure("split", "u" + i);
                    if (i == 40) {
                        client.conversion("split", "u" + i, "no-such-metric", null);
                    }
                }
                assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(client.stats().sent()).isEqualTo(99);
                assertThat(client.stats().rejected()).isEqualTo(1);
            }
        }
    }
}
