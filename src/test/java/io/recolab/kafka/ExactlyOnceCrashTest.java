package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recolab.store.Database;
import io.recolab.testing.ServerProcess;
import io.recolab.testing.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once through Kafka, with real processes: two serving nodes and two processors on one
 * PostgreSQL schema and the test broker. Clients send batches of new units and retry every batch
 * that was not acknowledged on the other node until it is. Mid-stream a processor is killed (-9),
 * a third joins, a serving node is killed (-9), and the broker itself is killed (-9) and started
 * again. When the processors have caught up, the results and the export count every acknowledged
 * unit exactly once: nothing lost, nothing counted twice. Both ways a processor can keep what it
 * knows: rows in the store ({@code --keep events}: the export counts too), and keyed state changelogged
 * with the rollups ({@code --keep rollups}: the results, which are then all the store holds).
 */
class ExactlyOnceCrashTest {
    static final String KEY = "exactly-once-admin-key-0123456789";
    static final int UNITS_PER_BATCH = 25;

    @TempDir
    Path tmp;

    @org.junit.jupiter.params.ParameterizedTest(name = "--keep {0}")
    @org.junit.jupiter.params.provider.EnumSource(Processor.Keep.class)
    void nothingAcknowledgedIsLostOrCountedTwiceThroughKillsAndABrokerRestart(Processor.Keep keep) throws Exception {
        String url = Stores.freshPostgresSchema();
        KafkaBroker broker = KafkaBroker.shared();
        KafkaTarget target = broker.createTopic(KafkaFixture.topic(), 4);
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("ks.json"), KafkaFixture.DEFINITION);
        String group = "g-" + target.topic();
        Path log = tmp.resolve("processes.log");
        String[] serveOptions = {"--db", url, "--events", "kafka:" + target.bootstrap(), "--events-topic", target.topic(),
                "--refresh-ms", "200"};
        // Every process started is stopped at the end, whatever failed (a start timing out under load included).
        List<AutoCloseable> started = new ArrayList<>();
        Database db = Database.open(url, 2);
        started.add(db);
        try {
            ServerProcess a = track(started, ServerProcess.start(KEY, tmp.resolve("a"), experiments, ServerProcess.freePort(), log,
                    serveOptions));
            ServerProcess b = track(started, ServerProcess.start(KEY, tmp.resolve("b"), experiments, ServerProcess.freePort(), log,
                    serveOptions));
            ProcessorProcess p1 = track(started, ProcessorProcess.start(target, url, group, log, keep));
            ProcessorProcess p2 = track(started, ProcessorProcess.start(target, url, group, log, keep));
            run(target, url, group, log, db, a, b, p1, p2, started, keep);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    // the others are stopped all the same
                }
            }
            Stores.dropPostgresSchema(url);
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T process) {
        started.add(process);
        return process;
    }

    private void run(KafkaTarget target, String url, String group, Path log, Database db, ServerProcess a, ServerProcess b,
                     ProcessorProcess p1, ProcessorProcess p2, List<AutoCloseable> started, Processor.Keep keep)
            throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        Set<String> ackedPrefixes = ConcurrentHashMap.newKeySet();
        ServerProcess[] nodes = {a, b};
        List<Thread> clients = new ArrayList<>();
        try {
            b.call("POST", "/api/v1/experiments/ks/start", null, 200);
            // Both nodes must know of the start (catalog refresh, 200 ms) before any client sends: a node
            // that still sees a draft acknowledges a batch with every exposure excluded as "draft".
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> running(a) && running(b));
            Instant t = Instant.now().minus(Duration.ofMinutes(30)); // within the hour before the start that is tolerated
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread thread = new Thread(() -> send(client, nodes, t, stop, acked, retried, ackedPrefixes), "client-" + c);
                thread.start();
                clients.add(thread);
            }
            waitFor(acked::get, 20);
            p1.kill();                        // a processor dies mid-stream: its partitions move after the session timeout
            waitFor(acked::get, 40);
            track(started, ProcessorProcess.start(target, url, group, log, keep)); // one joins: the group rebalances
            waitFor(acked::get, 60);
            a.kill();                         // a serving node dies mid-stream: its clients retry on b
            waitFor(acked::get, 80);
            broker.kill();                    // the broker dies: nodes answer 503, clients keep retrying
            Thread.sleep(2_000);
            broker.start();
            waitFor(acked::get, 110);
        } finally {
            stop.set(true);
            for (Thread thread : clients) {
                thread.join(120_000);
            }
        }
        assertThat(clients).as("clients done: the count of acknowledged batches is final").noneMatch(Thread::isAlive);
        int batches = acked.get();
        assertThat(retried.get()).as("some batches were retried on another node").isPositive();
        long expected = (long) batches * UNITS_PER_BATCH;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> KafkaFixture.storedOffsets(db, target.topic()) == KafkaFixture.endOffsets(target));
        assertThat(ackedPrefixes).as("batches acknowledged").hasSize(batches);
        long[] totals = KafkaFixture.totals(b.call("GET", "/api/v1/experiments/ks/results", null, 200));
        long exposures = keep == Processor.Keep.EVENTS
                ? b.call("GET", "/api/v1/experiments/ks/export/exposures.jsonl", null, 200).lines().count() : expected;
        if (totals[0] != expected || totals[1] != expected || exposures != expected) {
            throw new AssertionError("units and conversions of " + batches + " acknowledged batches: expected "
                    + expected + ", got " + totals[0] + " units, " + totals[1] + " conversions, " + exposures
                    + " exposures exported\n" + CrashDiagnosis.explain(db, target, ackedPrefixes, UNITS_PER_BATCH, log));
        }
        assertThat(p2.metrics()).contains("recolab_processor_events_total{outcome=\"stored\"}");
    }

    /** Batches of new units; a batch not acknowledged is sent again, to the other node, until it is. */
    private static void send(int client, ServerProcess[] nodes, Instant t, AtomicBoolean stop, AtomicInteger acked,
                             AtomicInteger retried, Set<String> ackedPrefixes) {
        for (int batch = 0; !stop.get(); batch++) {
            String prefix = "k" + client + "-" + batch;
            String body = KafkaFixture.batch(prefix, UNITS_PER_BATCH, t);
            int node = client % 2;
            for (int attempt = 0; ; attempt++) {
                try {
                    nodes[node].call("POST", "/api/v1/events", body, 200);
                    ackedPrefixes.add(prefix);
                    acked.incrementAndGet();
                    break;
                } catch (RuntimeException e) {
                    retried.incrementAndGet();
                    node = 1 - node;
                    sleep(attempt < 3 ? 50 : 500);
                }
            }
        }
    }

    private static boolean running(ServerProcess node) {
        return node.call("GET", "/api/v1/experiments/ks/assignment?unit=probe", null, 200).contains("\"inExperiment\":true");
    }

    private static void waitFor(IntSupplier acked, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (acked.getAsInt() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acked.getAsInt() + " batches acknowledged, waiting for " + atLeast);
            }
            Thread.sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
