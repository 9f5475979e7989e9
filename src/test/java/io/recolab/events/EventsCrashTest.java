package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    enum Outcome { ACKED, UNKNOWN }

    record Sent(String body, Outcome outcome) {
    }

    @Test
    void everyAcknowledgedEventSurvivesKillNineExactlyOnce() throws Exception {
        Path data = tmp.resolve("data");
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        int port = freePort();
        Process server = start(data, experiments, port);
        List<Sent> sent;
        try {
            call(port, "POST", "/api/v1/experiments", EventsFixture.DEFINITION, 201);
            call(port, "POST", "/api/v1/experiments/ev/start", null, 200);
            sent = sendUntilKilled(server, port);
        } finally {
            server.destroyForcibly().waitFor();
        }
        long acked = sent.stream().filter(s -> s.outcome() == Outcome.ACKED).count();
        assertThat(acked).as("batches acknowledged before the kill").isGreaterThanOrEqualTo(20);

        Process restarted = start(data, experiments, port);
        try {
            JsonNode before = totals(port);
            long present = 0;
            for (Sent s : sent) {
                JsonNode r = Json.parse(call(port, "POST", "/api/v1/events", s.body(), 200));
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
            JsonNode after = totals(port);
            assertThat(after.get("units").asLong()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH);
            assertThat(after.get("conversions").asLong()).isEqualTo(sent.size() * (long) UNITS_PER_BATCH);
        } finally {
            restarted.destroy(); // SIGTERM: the graceful path, which drains the writer
            if (!restarted.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                restarted.destroyForcibly().waitFor();
            }
        }
    }

    private List<Sent> sendUntilKilled(Process server, int port) throws InterruptedException {
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicInteger acked = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean();
        Instant t = Instant.now().minus(Duration.ofDays(1));
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
                        call(port, "POST", "/api/v1/events", body, 200);
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
        server.destroyForcibly(); // SIGKILL, mid-stream
        down.set(true);
        for (Thread thread : clients) {
            thread.join(30_000);
        }
        return new ArrayList<>(sent);
    }

    private static JsonNode totals(int port) {
        JsonNode r = Json.parse(call(port, "GET", "/api/v1/experiments/ev/results", null, 200));
        long units = 0;
        long conversions = 0;
        for (JsonNode t : r.get("treatments")) {
            units += t.get("units").asLong();
            conversions += t.get("conversions").asLong();
        }
        return Json.MAPPER.createObjectNode().put("units", units).put("conversions", conversions);
    }

    private Process start(Path data, Path experiments, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.recolab.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", data.toString(), "--experiments", experiments.toString());
        pb.environment().put("RECOLAB_ADMIN_KEY", KEY);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("server.log").toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(tmp.resolve("server.log")));
            }
            try {
                call(port, "GET", "/api/v1/health", null, 200);
                return p;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start: " + Files.readString(tmp.resolve("server.log")));
    }

    private static String call(int port, String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
