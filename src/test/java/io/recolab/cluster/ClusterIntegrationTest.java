package io.recolab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes in this JVM on one fresh PostgreSQL schema, as behind a load balancer. H2 is
 * not a cluster store (one process owns its file), so these tests are PostgreSQL only.
 */
class ClusterIntegrationTest {
    static final String DEFINITION = """
            {"key":"shared","exposurePercent":40,
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":30,"recommender":"item-to-item"},
                           {"name":"T2","weight":20,"recommender":"user-based"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";
    static final String DATA = "synthetic:customers=600,items=200,days=120,seed=5";
    static final Instant T = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path tmp;

    @Test
    void definitionsChangedOnOneNodeAreServedIdenticallyByTheOther() {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), null);
             TestServer b = a.joinNode(tmp.resolve("b"))) {
            assertThat(a.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            List<String> units = IntStream.range(0, 500).mapToObj(i -> "u" + i).toList();
            String onA = assignments(a, units);
            // The other node learns through its change-counter poll (every 200 ms in tests).
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(assignments(b, units)).isEqualTo(onA));

            // Growing the exposure on B reaches A; nobody already in the experiment moves.
            String grown = DEFINITION.replace("\"exposurePercent\":40", "\"exposurePercent\":80");
            var put = b.put("/api/v1/experiments/shared", grown);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            String onB = assignments(b, units);
            assertThat(onB).isNotEqualTo(onA);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(assignments(a, units)).isEqualTo(onB));

            assertThat(b.post("/api/v1/experiments/shared/pause", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    a.get("/api/v1/experiments/shared/assignment?unit=u1").json().get("inExperiment").asBoolean()).isFalse());
        }
    }

    /**
     * Every batch goes to both nodes at once (a client that timed out on one node and retried on
     * the other), and again afterwards: each event still counts once, and both nodes report the
     * same results.
     */
    @Test
    void retriesCrossingNodesAreCountedOnce() throws Exception {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), null);
             TestServer b = a.joinNode(tmp.resolve("b"))) {
            assertThat(a.post("/api/v1/experiments", DEFINITION.replace("\"exposurePercent\":40", "\"exposurePercent\":100"))
                    .status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            a.backdateStart("shared", T.minus(Duration.ofDays(1))); // the events are dated days back
            b.app().experiments().refresh();
            await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/api/v1/experiments/shared/assignment?unit=x")
                    .json().path("inExperiment").asBoolean());

            int batches = 40;
            int unitsPerBatch = 25;
            List<String> bodies = new ArrayList<>();
            for (int k = 0; k < batches; k++) {
                List<String> events = new ArrayList<>();
                for (int u = 0; u < unitsPerBatch; u++) {
                    // Units recur across batches (u % 300), so both nodes update the same unit rows.
                    String unit = "c" + ((k * unitsPerBatch + u) % 300);
                    String id = k + "-" + u;
                    events.add(event("x" + id, "exposure", unit, null, T.plusSeconds(k)));
                    if (u % 3 == 0) {
                        events.add(event("p" + id, "conversion", unit, "purchase", T.plusSeconds(3600 + k)));
                    }
                }
                bodies.add("{\"events\":[" + String.join(",", events) + "]}");
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<int[]>> sent = new ArrayList<>();
                for (String body : bodies) {
                    sent.add(pool.submit(() -> postUntilCommitted(a, body)));
                    sent.add(pool.submit(() -> postUntilCommitted(b, body)));
                }
                long accepted = 0;
                for (Future<int[]> f : sent) {
                    accepted += f.get()[0];
                }
                long distinct = bodies.stream().mapToLong(body -> body.split("\"id\"").length - 1).sum();
                assertThat(accepted).as("each event accepted by exactly one node").isEqualTo(distinct);
            } finally {
                pool.shutdownNow();
            }
            // A late retry of everything, alternating nodes: all duplicates.
            for (int k = 0; k < bodies.size(); k++) {
                int[] again = postUntilCommitted(k % 2 == 0 ? b : a, bodies.get(k));
                assertThat(again[0]).isZero();
            }
            JsonNode fromA = results(a);
            JsonNode fromB = results(b);
            assertThat(fromB.get("treatments")).isEqualTo(fromA.get("treatments"));
            assertThat(fromB.get("daily")).isEqualTo(fromA.get("daily"));
            long units = 0;
            long conversions = 0;
            for (JsonNode t : fromA.get("treatments")) {
                units += t.get("units").asLong();
                conversions += t.get("conversions").asLong();
            }
            assertThat(units).isEqualTo(300);
            // Conversions come from units u with u % 3 == 0 inside their batch: count distinct units.
            long converting = IntStream.range(0, batches).boxed().flatMap(k -> IntStream.range(0, unitsPerBatch)
                    .filter(u -> u % 3 == 0).mapToObj(u -> (k * unitsPerBatch + u) % 300)).distinct().count();
            assertThat(conversions).isEqualTo(converting);
        }
    }

    /**
     * Two nodes write at once groups that share units (new ones both create, existing ones both
     * update) and rollup days: every batch commits at the first attempt and no transaction of
     * either writer is rolled back (a deadlock, or a unique-key race on a new unit, would roll one
     * back and retry it). Counts whether the batches ran concurrently or not, so it does not depend
     * on the machine's speed; the results stay exact. Each batch also carries an exposure dated
     * before the start (excluded as beforeStart): both nodes count it, each in its own row of
     * excluded_exposures (V24), and the results sum them.
     */
    @Test
    void overlappingBatchesOnTwoNodesCommitWithoutARollback() throws Exception {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), null);
             TestServer b = a.joinNode(tmp.resolve("b"))) {
            assertThat(a.post("/api/v1/experiments", DEFINITION.replace("\"exposurePercent\":40", "\"exposurePercent\":100"))
                    .status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            a.backdateStart("shared", T.minus(Duration.ofDays(1))); // the events are dated days back
            b.app().experiments().refresh();
            await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/api/v1/experiments/shared/assignment?unit=x")
                    .json().path("inExperiment").asBoolean());
            int units = 150;
            java.util.Random random = new java.util.Random(19);
            List<String> bodies = new ArrayList<>();
            java.util.Set<Integer> converting = new java.util.HashSet<>();
            for (int k = 0; k < 80; k++) {
                List<String> events = new ArrayList<>();
                for (int e = 0; e < 60; e++) {
                    int u = random.nextInt(units); // units in random order: each group locks an overlapping set
                    if (e % 4 == 3) {
                        events.add(event("p" + k + "-" + e, "conversion", "c" + u, "purchase", T.plusSeconds(7200)));
                        converting.add(u);
                    } else {
                        events.add(event("x" + k + "-" + e, "exposure", "c" + u, null, T.plusSeconds(random.nextInt(3600))));
                    }
                }
                events.add(event("early" + k, "exposure", "e" + k, null, T.minus(Duration.ofDays(2))));
                bodies.add("{\"events\":[" + String.join(",", events) + "]}");
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<TestServer.Response>> sent = new ArrayList<>();
                for (int k = 0; k < bodies.size(); k++) {
                    TestServer node = k % 2 == 0 ? a : b;
                    String body = bodies.get(k);
                    sent.add(pool.submit(() -> node.post("/api/v1/events", body)));
                }
                for (Future<TestServer.Response> f : sent) {
                    TestServer.Response r = f.get();
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(a.app().eventWriter().failedCommits() + b.app().eventWriter().failedCommits())
                    .as("transactions rolled back and retried").isZero();
            assertThat(units(a)).isEqualTo(units); // 80 x 45 exposures over 150 units: all exposed
            long conversions = 0;
            for (JsonNode t : results(b).get("treatments")) {
                conversions += t.get("conversions").asLong();
            }
            assertThat(conversions).isEqualTo(converting.size());
            assertThat(results(a).get("treatments")).isEqualTo(results(b).get("treatments"));
            assertThat(results(a).path("excluded").toString()).isEqualTo("{\"beforeStart\":80}");
        }
    }

    /**
     * Behind a load balancer the purchase often reaches another node than the recommendation: node A
     * shows items to 20 customers, their purchases are reported to node B. Each converts once, and
     * the same reports retried on B and then on A add nothing. B's interactions also reach A's live
     * history, so A stops recommending the items bought.
     */
    @Test
    void aPurchaseReportedToAnotherNodeConvertsOnce() {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), null, DATA);
             TestServer b = a.joinNode(tmp.resolve("b"))) {
            assertThat(a.post("/api/v1/experiments", DEFINITION.replace("\"exposurePercent\":40", "\"exposurePercent\":100"))
                    .status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/shared/start", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !a.get("/api/v1/recommendations?experiment=shared&unit=1&n=3").json().get("items").isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/api/v1/experiments/shared/assignment?unit=x")
                    .json().path("inExperiment").asBoolean());

            int customers = 20;
            List<String> purchases = new ArrayList<>();
            for (int k = 0; k < customers; k++) {
                JsonNode shown = a.get("/api/v1/recommendations?experiment=shared&unit=" + k + "&n=3&requestId=r" + k).json();
                String item = shown.at("/items/0/item").asText();
                assertThat(item).isNotEmpty();
                purchases.add("{\"id\":\"buy-" + k + "\",\"customer\":\"" + k + "\",\"item\":\"" + item + "\"}");
            }
            // A's exposures are server-logged (committed within the writer's linger): wait until they are stored.
            await().atMost(Duration.ofSeconds(10)).until(() -> units(b) == customers);
            String report = "{\"interactions\":[" + String.join(",", purchases) + "]}";
            JsonNode first = b.post("/api/v1/interactions", report).json();
            assertThat(first.get("conversions").asInt()).as(first.toString()).isEqualTo(customers);
            // A learns of B's purchases as it polls: its next recommendation leaves the bought item out.
            String bought = purchases.get(0).replaceAll(".*\"item\":\"([^\"]*)\".*", "$1");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    a.get("/api/v1/recommendations?experiment=shared&unit=0&n=3").json().get("items"))
                    .extracting(i -> i.get("item").asText()).doesNotContain(bought));
            for (TestServer node : List.of(b, a)) {
                JsonNode again = node.post("/api/v1/interactions", report).json();
                assertThat(again.get("duplicateInteractions").asInt()).as(again.toString()).isEqualTo(customers);
                assertThat(again.get("conversions").asInt()).as(again.toString()).isZero();
                assertThat(again.get("duplicates").asInt()).as(again.toString()).isEqualTo(customers);
            }
            for (TestServer node : List.of(a, b)) {
                long conversions = 0;
                for (JsonNode t : results(node).get("treatments")) {
                    conversions += t.get("conversions").asLong();
                }
                assertThat(conversions).isEqualTo(customers);
            }
        }
    }

    /**
     * Nodes started together on an empty store, with the same admin key and experiment files: the
     * start-up seeding runs under a cluster lock, so neither trips over the other's inserts.
     * (Without the lock about one start in eight failed on the api_keys primary key; repeated.)
     */
    @org.junit.jupiter.api.RepeatedTest(3)
    void nodesStartingTogetherSeedTheStoreOnce() throws Exception {
        String url = Stores.freshPostgresSchema();
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("shared.json"), DEFINITION);
        List<CompletableFuture<TestServer>> starting = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> TestServer.node(url, tmp.resolve("n" + i), experiments))).toList();
        List<TestServer> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<TestServer> f : starting) {
                nodes.add(f.get());
            }
            for (TestServer node : nodes) {
                var keys = node.get("/api/v1/keys");
                assertThat(keys.status()).as(keys.body()).isEqualTo(200);
                assertThat(keys.json().get("keys")).hasSize(1);
                assertThat(node.get("/api/v1/experiments/shared").json().get("history")).hasSize(1);
            }
        } finally {
            for (TestServer node : nodes) {
                node.close();
            }
            Stores.dropPostgresSchema(url);
        }
    }

    private static String event(String id, String type, String unit, String metric, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"shared\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\"") + ",\"timestamp\":\"" + at + "\"}";
    }

    /**
     * Like a client: a 5xx (the store failed this batch, e.g. PostgreSQL broke a deadlock between
     * the two nodes' writers) is retried; returns accepted, duplicates. Today such a failure
     * reaches the caller as 500 {"error":"error"}, not 503: the writer's exception arrives wrapped
     * in a CompletionException, which http.ErrorRendering does not unwrap.
     */
    private static int[] postUntilCommitted(TestServer node, String body) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var r = node.post("/api/v1/events", body);
            if (r.status() == 200) {
                return new int[] {r.json().get("accepted").asInt(), r.json().get("duplicates").asInt()};
            }
            assertThat(r.status()).as(r.body()).isIn(500, 503);
            assertThat(attempt).as("retries of %s", r.body()).isLessThan(20);
            Thread.sleep(20L << Math.min(attempt, 5));
        }
    }

    private static String assignments(TestServer node, List<String> units) {
        String body = "{\"units\":[" + units.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","))
                + "],\"experiments\":[\"shared\"]}";
        var r = node.post("/api/v1/assignments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static long units(TestServer node) {
        long units = 0;
        for (JsonNode t : results(node).get("treatments")) {
            units += t.get("units").asLong();
        }
        return units;
    }

    private static JsonNode results(TestServer node) {
        var r = node.get("/api/v1/experiments/shared/results?metric=purchase");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
