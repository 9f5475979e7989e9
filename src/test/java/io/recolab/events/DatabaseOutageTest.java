package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.client.Backoff;
import io.recolab.client.ClientStats;
import io.recolab.client.RecolabClient;
import io.recolab.http.ServerOptions;
import io.recolab.testing.CutProxy;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos: the database vanishes in the middle of ingestion and comes back. The server reaches its
 * store through a {@link CutProxy}, which the test cuts (every connection reset, new ones refused)
 * without stopping the database other tests share. During the cut assignments keep answering from
 * the cached definitions, {@code POST /api/v1/events} answers 503 with Retry-After at once, and
 * health says the database is down; after the restore the node recovers by itself, and every
 * event acknowledged before, during or after the cut is counted exactly once. The Java client
 * retries through the outage and delivers everything it was given.
 */
class DatabaseOutageTest {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageTest.class);
    static final int UNITS_PER_BATCH = 5;
    static final Duration CUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    enum Outcome { ACKED, REFUSED }

    record Sent(String body, Outcome outcome, long millis) {
    }

    static List<Stores.Kind> stores() {
        return Stores.both().toList();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ingestionSurvivesTheDatabaseGoingAwayAndComingBack(Stores.Kind kind) throws Exception {
        Store store = Store.open(kind, tmp);
        try (store; CutProxy proxy = new CutProxy("127.0.0.1", store.port());
             TestServer server = TestServer.node(store.urlThrough(proxy.port()), TestServer.emptyDir(tmp, "data"), null,
                     ServerOptions.DEFAULTS.withRateLimit(0, 1))) {
            EventsFixture.createRunning(server, EventsFixture.DEFINITION);
            RecolabClient client = RecolabClient.start(RecolabClient.Options.of(URI.create(server.baseUrl()),
                            TestServer.ADMIN_KEY).withRefreshEvery(Duration.ofMillis(500))
                    .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                    .withCloseTimeout(Duration.ofSeconds(60)));
            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger libraryUnits = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            List<Thread> senders = startSenders(server, client, sent, unexpected, libraryUnits, stop);

            awaitAcked(sent, 10);
            proxy.cut();
            long cutAt = System.nanoTime();
            assertDegradedDuringTheCut(server);
            long remaining = CUT.toNanos() - (System.nanoTime() - cutAt);
            if (remaining > 0) {
                Thread.sleep(remaining / 1_000_000);
            }
            int ackedBeforeRestore = count(sent, Outcome.ACKED);
            int refusedDuringCut = count(sent, Outcome.REFUSED);
            proxy.restore();
            awaitDatabase(server, "UP", Duration.ofSeconds(30));
            awaitAcked(sent, ackedBeforeRestore + 10);
            stop.set(true);
            for (Thread t : senders) {
                t.join(60_000);
            }
            client.close(); // delivers (retrying) everything still queued
            ClientStats stats = client.stats();
            LOG.info("{}: sent {} batches ({} acknowledged, {} refused during the cut); client {}", kind, sent.size(),
                    count(sent, Outcome.ACKED), refusedDuringCut, stats);

            assertThat(unexpected).as("answers other than 200 and 503").isEmpty();
            assertThat(refusedDuringCut).as("batches answered 503 during the cut").isPositive();
            assertThat(stats.dropped()).as("client events dropped").isZero();
            assertThat(stats.rejected()).as("client events rejected").isZero();
            assertThat(stats.retries()).as("the client retried through the outage").isPositive();
            assertThat(stats.queued()).isZero();
            long sentByClient = stats.sent() + stats.duplicates();
            assertThat(sentByClient).isEqualTo(2L * libraryUnits.get());

            // What the store holds now: every acknowledged batch wholly, each refused batch wholly or not at all.
            EventsFixture.Totals before = EventsFixture.totals(server, "purchase");
            long present = 0;
            for (Sent s : sent) {
                var r = server.post("/api/v1/events", s.body());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                int accepted = r.json().get("accepted").asInt();
                int duplicates = r.json().get("duplicates").asInt();
                if (s.outcome() == Outcome.ACKED) {
                    assertThat(duplicates).as("an acknowledged batch is wholly stored: " + r.body())
                            .isEqualTo(2 * UNITS_PER_BATCH);
                } else {
                    assertThat(accepted == 0 || duplicates == 0).as("half-written batch: " + r.body()).isTrue();
                }
                present += accepted == 0 ? 1 : 0;
            }
            long libraryCount = libraryUnits.get();
            assertThat(before.units()).as("units counted once each").isEqualTo(present * UNITS_PER_BATCH + libraryCount);
            assertThat(before.conversions()).isEqualTo(present * UNITS_PER_BATCH + libraryCount);
            EventsFixture.Totals after = EventsFixture.totals(server, "purchase");
            assertThat(after.units()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH + libraryCount);
            assertThat(after.conversions()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH + libraryCount);
        }
    }

    /** Assignment answers from the cache, ingestion refuses at once with Retry-After, health tells. */
    private static void assertDegradedDuringTheCut(TestServer server) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            var a = server.get("/api/v1/experiments/ev/assignment?unit=outage-" + i);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.json().get("inExperiment").asBoolean()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        }
        // Until the node has seen the database fail, a call may wait out the pool's connection
        // timeout (2 s); once it has (health says so), the breaker answers every call at once.
        String batch = EventsFixture.batch(EventsFixture.exposure("cut-probe", "cut-probe", null));
        long t0 = System.nanoTime();
        var first = server.post("/api/v1/events", batch);
        assertThat(first.status()).as(first.body()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        awaitDatabase(server, "DOWN", Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            long t1 = System.nanoTime();
            var r = server.send("POST", "/api/v1/events", batch, TestServer.ADMIN_KEY);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).contains("retry");
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(1500));
        }
        assertThat(retryAfter(server)).isEqualTo("1");
        var health = server.send("GET", "/api/v1/health", null, null);
        assertThat(health.status()).as(health.body()).isEqualTo(503);
        assertThat(health.json().at("/database/status").asText()).isEqualTo("DOWN");
    }

    private static void awaitDatabase(TestServer server, String state, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (state.equals(server.send("GET", "/api/v1/health", null, null).json().at("/database/status").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health did not say the database is " + state + " within " + within);
    }

    private static String retryAfter(TestServer server) {
        try {
            var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                    .send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/events"))
                            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(EventsFixture.batch(
                                    EventsFixture.exposure("cut-probe", "cut-probe", null)))).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            return response.headers().firstValue("Retry-After").orElse(null);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitAcked(ConcurrentLinkedQueue<Sent> sent, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(sent, Outcome.ACKED) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + atLeast + " batches acknowledged in 60 s");
            }
            Thread.sleep(10);
        }
    }

    private static int count(ConcurrentLinkedQueue<Sent> sent, Outcome outcome) {
        return (int) sent.stream().filter(s -> s.outcome() == outcome).count();
    }

    /** Three raw senders that remember every batch and its answer, and one that feeds the Java client. */
    private static List<Thread> startSenders(TestServer server, RecolabClient client, ConcurrentLinkedQueue<Sent> sent,
                                             ConcurrentLinkedQueue<String> unexpected, AtomicInteger libraryUnits,
                                             AtomicBoolean stop) {
        Instant t = Instant.now().minus(Duration.ofHours(1));
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            int sender = c;
            threads.add(new Thread(() -> {
                for (int b = 0; !stop.get(); b++) {
                    List<String> events = new ArrayList<>();
                    for (int u = 0; u < UNITS_PER_BATCH; u++) {
                        String unit = "raw" + sender + "-" + b + "-" + u;
                        events.add(EventsFixture.exposure("x-" + unit, unit, t));
                        events.add(EventsFixture.conversion("c-" + unit, unit, "purchase", null, t.plusSeconds(60)));
                    }
                    String body = EventsFixture.batch(events);
                    long t0 = System.nanoTime();
                    var r = server.post("/api/v1/events", body);
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    if (r.status() == 200) {
                        sent.add(new Sent(body, Outcome.ACKED, millis));
                    } else {
                        if (r.status() != 503) {
                            unexpected.add(r.status() + " " + r.body());
                        }
                        sent.add(new Sent(body, Outcome.REFUSED, millis));
                        sleep(100);
                    }
                }
            }, "outage-sender-" + c));
        }
        threads.add(new Thread(() -> {
            for (int u = 0; !stop.get(); u++) {
                String unit = "lib-" + u;
                client.exposure("ev", unit);
                client.conversion("ev", unit, "purchase", null);
                libraryUnits.incrementAndGet();
                sleep(5);
            }
        }, "outage-library-sender"));
        threads.forEach(Thread::start);
        return threads;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The database behind the proxy: an H2 TCP server of the test's own, or a fresh PostgreSQL schema. */
    private record Store(Stores.Kind kind, Server h2, String url, int port) implements AutoCloseable {
        static Store open(Stores.Kind kind, Path tmp) throws Exception {
            if (kind == Stores.Kind.POSTGRESQL) {
                String url = Stores.freshPostgresSchema();
                return new Store(kind, null, url, 5432);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Server h2 = Server.createTcpServer("-tcp", "-tcpPort", String.valueOf(port), "-ifNotExists").start();
            return new Store(kind, h2, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + tmp.resolve("outage").toAbsolutePath(),
                    port);
        }

        String urlThrough(int proxyPort) {
            return url.replace("127.0.0.1:" + port, "127.0.0.1:" + proxyPort);
        }

        @Override
        public void close() {
            if (h2 != null) {
                h2.stop();
            } else {
                Stores.dropPostgresSchema(url);
            }
        }
    }
}
