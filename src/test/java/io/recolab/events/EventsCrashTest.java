package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of ingestion: the server runs as a separate process on the H2 file
 * store; several clients send batches until it is killed. After a restart every acknowledged
 * event is counted exactly once, and each unacknowledged batch is either wholly present or
 * wholly absent (its re-send is all duplicates or all accepted, never a mix).
 */
class EventsCrashTest {
    static final String KEY = "crash-test-admin-key-0123456789";
    static final int UNITS_PER_BATCH = 25;

    @TempDir
    Path tmp;

    enum Outcome { ACKED, UNKNOWN }

    record Sent(String body, Outcome outcome) {
    }

    @Test
    void everyAcknowledgedEventSurvivesKillNineExactlyOnce() throws Exception {
        Path data = tmp.resolve("data");
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        int port = ServerProcess.freePort();
        Path log = tmp.resolve("server.log");
        ServerProcess server = ServerProcess.start(KEY, data, experiments, port, log);
        List<Sent> sent;
        try {
            server.call("POST", "/api/v1/experiments", EventsFixture.DEFINITION, 201);
            server.call("POST", "/api/v1/experiments/ev/start", null, 200);
            sent = sendUntilKilled(server);
        } finally {
            server.kill();
        }
        long acked = sent.stream().filter(s -> s.outcome() == Outcome.ACKED).count();
        assertThat(acked).as("batches acknowledged before the kill").isGreaterThanOrEqualTo(20);

        ServerProcess restarted = ServerProcess.start(KEY, data, experiments, port, log);
        try {
            JsonNode before = totals(restarted, "ev");
            long present = 0;
            for (Sent s : sent) {
                JsonNode r = Json.parse(restarted.call("POST", "/api/v1/events", s.body(), 200));
                int accepted = r.get("accepted").asInt();
                int duplicates = r.get("duplicates").asInt();
                if (s.outcome() == Outcome.ACKED) {
                    assertThat(duplicates).as("an acknowledged batch is wholly stored").isEqualTo(2 * UNITS_PER_BATCH);
                } else {
                    assertThat(accepted == 0 || duplicates == 0).as("half-written batch: " + r).isTrue();
                }
                present += accepted == 0 ? 1 : 0;
            }
            assertThat(before.get("units").asLong()).isEqualTo(present * UNITS_PER_BATCH);
            assertThat(before.get("conversions").asLong()).isEqualTo(present * UNITS_PER_BATCH);
            JsonNode after = totals(restarted, "ev");
            assertThat(after.get("units").asLong()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH);
            assertThat(after.get("conversions").asLong()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH);
        } finally {
            restarted.terminate(); // SIGTERM: the graceful path, which drains the writer
        }
    }

    private List<Sent> sendUntilKilled(ServerProcess server) throws InterruptedException {
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicInteger acked = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean();
        // Now, not earlier: exposures dated before the experiment's start would be excluded.
        Instant t = Instant.now();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int b = 0; !down.get() || b == 0; b++) {
                    List<String> events = new ArrayList<>();
                    for (int u = 0; u < UNITS_PER_BATCH; u++) {
                        String unit = "k" + client + "-" + b + "-" + u;
                        events.add(EventsFixture.exposure("x-" + unit, unit, t));
                        events.add(EventsFixture.conversion("c-" + unit, unit, "purchase", null, t.plusSeconds(60)));
                    }
                    String body = EventsFixture.batch(events);
                    try {
                        server.call("POST", "/api/v1/events", body, 200);
                        sent.add(new Sent(body, Outcome.ACKED));
                        acked.incrementAndGet();
                    } catch (RuntimeException e) {
                        sent.add(new Sent(body, Outcome.UNKNOWN));
                        return; // the server is gone
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.get() < 60 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        server.process().destroyForcibly(); // SIGKILL, mid-stream
        down.set(true);
        for (Thread thread : clients) {
            thread.join(30_000);
        }
        return new ArrayList<>(sent);
    }

    static JsonNode totals(ServerProcess server, String experiment) {
        JsonNode r = Json.parse(server.call("GET", "/api/v1/experiments/" + experiment + "/results", null, 200));
        long units = 0;
        long conversions = 0;
        for (JsonNode t : r.get("treatments")) {
            units += t.get("units").asLong();
            conversions += t.get("conversions").asLong();
        }
        return Json.MAPPER.createObjectNode().put("units", units).put("conversions", conversions);
    }
}
