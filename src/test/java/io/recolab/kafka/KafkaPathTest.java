package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recolab.app.Recolab;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * serve --events kafka:... and process, in one JVM against a real broker and a real store: the
 * intake validates with the event parser and answers after Kafka acknowledged; records are keyed
 * by (experiment, unit); the processor writes them to the store the results read, removes a
 * re-sent batch as duplicates, and turns an interaction received by one node into a conversion
 * from a show logged through another (the shows live with the unit's partition).
 */
class KafkaPathTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    static List<org.junit.jupiter.params.provider.Arguments> stores() {
        return List.of(org.junit.jupiter.params.provider.Arguments.of(Stores.Kind.H2, Processor.Keep.EVENTS),
                org.junit.jupiter.params.provider.Arguments.of(Stores.Kind.POSTGRESQL, Processor.Keep.EVENTS),
                org.junit.jupiter.params.provider.Arguments.of(Stores.Kind.H2, Processor.Keep.ROLLUPS),
                org.junit.jupiter.params.provider.Arguments.of(Stores.Kind.POSTGRESQL, Processor.Keep.ROLLUPS));
    }

    @ParameterizedTest(name = "{0}, --keep {1}")
    @MethodSource("stores")
    void eventsGoThroughKafkaAndAreStoredOnceByTheProcessor(Stores.Kind kind, Processor.Keep keep) throws Exception {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema()
                : Database.h2Url(tmp.resolve("store"));
        KafkaBroker broker = KafkaBroker.shared();
        KafkaTarget target = broker.createTopic(KafkaFixture.topic(), 4);
        Recolab a = node(url, target, "a");
        Recolab b = node(url, target, "b");
        Database db = Database.open(url, 4);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Processor processor = new Processor(new Processor.Config(target, "g-" + target.topic(), Duration.ofSeconds(6), 1000,
                Processor.Config.DEFAULT_DEDUP_HORIZON, Processor.Config.DEFAULT_WRITERS, keep), db, registry);
        Thread worker = new Thread(processor, "test-processor");
        try {
            call(a, "POST", "/api/v1/experiments", KafkaFixture.DEFINITION, 201);
            call(a, "POST", "/api/v1/experiments/ks/start", null, 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.experiments().get("ks").status().name().equals("RUNNING"));

            // Today's parser refuses a bad batch whole, before anything reaches Kafka.
            String bad = "{\"events\":[" + KafkaFixture.exposure("x-1", "u1", Instant.now())
                    + ",{\"id\":\"c-1\",\"type\":\"conversion\",\"experiment\":\"ks\",\"unit\":\"u1\",\"metric\":\"clicks\"}]}";
            assertThat(call(a, "POST", "/api/v1/events", bad, 422)).contains("events[1].metric");
            assertThat(KafkaFixture.endOffsets(target)).isZero();

            Instant t = Instant.now().minus(30, ChronoUnit.MINUTES); // within the hour before the start that is tolerated
            String batch = KafkaFixture.batch("u", 50, t);
            assertThat(Json.parse(call(a, "POST", "/api/v1/events", batch, 200)).get("accepted").asInt()).isEqualTo(100);
            assertThat(KafkaFixture.endOffsets(target)).as("acknowledged means in Kafka").isEqualTo(100);
            assertKeyedByUnit(target);

            worker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaFixture.totals(call(a, "GET", "/api/v1/experiments/ks/results", null, 200))[1] == 50);
            assertThat(KafkaFixture.totals(call(b, "GET", "/api/v1/experiments/ks/results", null, 200))).containsExactly(50, 50);

            // A retry through the other node: Kafka takes it again, the processor stores nothing twice.
            call(b, "POST", "/api/v1/events", batch, 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaFixture.storedOffsets(db, target.topic()) == 200);
            assertThat(KafkaFixture.totals(call(a, "GET", "/api/v1/experiments/ks/results", null, 200))).containsExactly(50, 50);
            // The lane counts its outcomes just after its commit makes the offsets visible: wait for the count too.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    registry.scrape().contains("recolab_processor_events_total{outcome=\"duplicate\"} 100.0"));
            if (keep == Processor.Keep.EVENTS) {
                long exported = call(a, "GET", "/api/v1/experiments/ks/export/exposures.jsonl", null, 200).lines().count();
                assertThat(exported).as("raw exposures exported").isEqualTo(50);
            } else {
                assertThat(db.dialect() == io.recolab.store.Dialect.H2 ? 0 : rows(db, "events") + rows(db, "experiment_units"))
                        .as("no row per event or per unit").isZero();
                assertThat(registry.scrape()).as("the keyed state's size").contains("recolab_processor_state_units 50.0")
                        .contains("recolab_processor_state_ids 100.0");
                assertThat(call(a, "GET", "/api/v1/experiments/ks/export/exposures.jsonl", null, 409))
                        .as("an export of raw events says where they are instead of holding none").contains("--keep rollups");
            }

            // Attribution across nodes: node a logs the show, node b receives the purchase.
            Instant shownAt = Instant.now().minusSeconds(600);
            call(a, "POST", "/api/v1/events", "{\"events\":[" + KafkaFixture.exposure("show-1", "shopper", shownAt, "i7", "i8") + "]}", 200);
            String bought = "{\"interactions\":[{\"customer\":\"shopper\",\"item\":\"i8\",\"timestamp\":\"" + shownAt.plusSeconds(60)
                    + "\",\"id\":\"buy-1\"},{\"customer\":\"shopper\",\"item\":\"i9\",\"timestamp\":\"" + shownAt.plusSeconds(90)
                    + "\",\"id\":\"buy-2\"}]}";
            call(b, "POST", "/api/v1/interactions", bought, 200);
            call(a, "POST", "/api/v1/interactions", bought, 200); // a retry through the other node
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaFixture.totals(call(a, "GET", "/api/v1/experiments/ks/results", null, 200))[1] == 51);
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaFixture.storedOffsets(db, target.topic()) == KafkaFixture.endOffsets(target));
            assertThat(KafkaFixture.totals(call(b, "GET", "/api/v1/experiments/ks/results", null, 200)))
                    .as("the shown item converts once, the unshown one not at all").containsExactly(51, 51);
            assertThat(registry.scrape()).contains("recolab_kafka_lag_records").contains("recolab_processor_visible_seconds");
            assertThat(call(a, "GET", "/metrics", null, 200)).contains("kafka_producer").contains("recolab_kafka_acknowledged_events_total");
        } finally {
            processor.close();
            worker.join(20_000);
            a.close();
            b.close();
            db.close();
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    /**
     * The recommendation path through Kafka, end to end, on PostgreSQL: node a serves recommendations
     * (their exposures server-logged into the topic, with the items shown), the purchases are reported
     * to node b (candidate conversions into the unit's partition), and the processor attributes each
     * from the shows of its unit: a purchase of a shown item converts, one of an item never shown does
     * not, and the same report retried through node a adds nothing.
     */
    @org.junit.jupiter.api.Test
    void recommendationsAndPurchasesGoThroughKafkaAndConvertFromTheUnitsShows() throws Exception {
        String url = Stores.freshPostgresSchema();
        KafkaTarget target = KafkaBroker.shared().createTopic(KafkaFixture.topic(), 4);
        String data = "synthetic:customers=300,items=120,days=60,seed=5";
        Recolab a = node(url, target, "a", data);
        Recolab b = node(url, target, "b", data);
        Database db = Database.open(url, 4);
        Processor processor = new Processor(new Processor.Config(target, "g-" + target.topic(), Duration.ofSeconds(6), 1000),
                db, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Thread worker = new Thread(processor, "test-processor");
        try {
            worker.start();
            call(a, "POST", "/api/v1/experiments", KafkaFixture.DEFINITION, 201);
            call(a, "POST", "/api/v1/experiments/ks/start", null, 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.experiments().get("ks").status().name().equals("RUNNING"));
            await().atMost(Duration.ofSeconds(120)).until(() -> !Json.parse(call(a, "GET",
                    "/api/v1/recommendations?experiment=ks&unit=probe&n=3", null, 200)).get("items").isEmpty());

            int customers = 12;
            List<String> purchases = new java.util.ArrayList<>();
            for (int k = 0; k < customers; k++) {
                var shown = Json.parse(call(a, "GET", "/api/v1/recommendations?experiment=ks&unit=c" + k + "&n=3", null, 200));
                String item = shown.at("/items/0/item").asText();
                assertThat(item).isNotEmpty();
                // Even customers buy what they were shown; odd ones an item that is in no show.
                purchases.add("{\"id\":\"buy-" + k + "\",\"customer\":\"c" + k + "\",\"item\":\""
                        + (k % 2 == 0 ? item : "never-shown") + "\"}");
            }
            // The exposures are logged without the client waiting: stored once the processor wrote them.
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaFixture.totals(call(b, "GET",
                    "/api/v1/experiments/ks/results", null, 200))[0] == customers + 1); // and the probe
            String report = "{\"interactions\":[" + String.join(",", purchases) + "]}";
            call(b, "POST", "/api/v1/interactions", report, 200);
            call(a, "POST", "/api/v1/interactions", report, 200); // a retry through the other node
            // Both reports were acknowledged by Kafka before their answers: all in the topic now.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    KafkaFixture.storedOffsets(db, target.topic()) == KafkaFixture.endOffsets(target));
            long[] totals = KafkaFixture.totals(call(b, "GET", "/api/v1/experiments/ks/results", null, 200));
            assertThat(totals).as("the %d customers (and the probe) exposed; the half who bought a shown item converted",
                    customers).containsExactly(customers + 1L, customers / 2L);
            String exposures = call(a, "GET", "/api/v1/experiments/ks/export/exposures.jsonl", null, 200);
            assertThat(exposures.lines().filter(l -> l.contains("\"c0\"")).findFirst().orElseThrow())
                    .as("the exposure records what was shown").contains("\"items\":[\"");
        } finally {
            processor.close();
            worker.join(20_000);
            a.close();
            b.close();
            db.close();
            Stores.dropPostgresSchema(url);
        }
    }

    private Recolab node(String url, KafkaTarget target, String name, String data) {
        return Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp.resolve(name), url, null, TestServer.ADMIN_KEY, 200,
                data, Duration.ofDays(1), false, 1000, target, null));
    }

    private Recolab node(String url, KafkaTarget target, String name) {
        return Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp.resolve(name), url, null, TestServer.ADMIN_KEY, 200,
                null, Duration.ofDays(1), false, 1000, target, null));
    }

    private static long rows(Database db, String table) {
        return io.recolab.store.Jdbc.read(db, c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM " + table); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every record of a unit is in one partition: the key is (experiment, unit). */
    private static void assertKeyedByUnit(KafkaTarget target) {
        Map<String, Integer> partitionOf = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = KafkaFixture.consumer(target)) {
            List<TopicPartition> parts = KafkaFixture.partitions(target).keySet().stream()
                    .map(p -> new TopicPartition(target.topic(), p)).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    assertThat(key).startsWith("ks\n");
                    Integer before = partitionOf.put(key, r.partition());
                    assertThat(before == null || before == r.partition()).as("unit " + key + " in one partition").isTrue();
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(100);
        }
        assertThat(partitionOf).hasSize(50);
        assertThat(new java.util.HashSet<>(partitionOf.values())).as("units spread over partitions").hasSizeGreaterThan(1);
    }

    static String call(Recolab node, String method, String path, String body, int expected) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
