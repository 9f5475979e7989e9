package io.recolab.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentRepository;
import io.recolab.experiment.ExperimentService;
import io.recolab.store.Database;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One million events export in constant memory: the export command and a server, each in a JVM of
 * its own limited to {@value #HEAP} of heap, write every row. Building the file (or queueing the
 * response) in memory would take about 250 MB and fail with OutOfMemoryError. The HTTP client
 * waits a few seconds before it reads, so a server without back-pressure would queue the whole
 * response meanwhile.
 */
class ExportHeapTest {
    static final int EVENTS = 1_000_000;
    static final String HEAP = "128m";
    static final String ADMIN_KEY = "heap-test-admin-key-0123456789";

    @TempDir
    static Path tmp;
    static Path dataDir;

    @BeforeAll
    static void insertAMillionEvents() throws Exception {
        dataDir = tmp.resolve("data");
        try (Database db = Database.open(Database.h2Url(dataDir), 2)) {
            new ExperimentService(new ExperimentRepository(db), new Catalog(), Clock.systemUTC()).create(DefinitionJson.parse("""
                    {"key":"big","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                     {"name":"T1","weight":1,"recommender":"item-to-item"}]}"""), "test");
            // Plain JDBC batches: the rows an export reads, written as fast as the store takes them.
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO events (experiment_key,"
                    + " event_id, event_type, unit_id, treatment, in_experiment, metric, event_value, occurred_at, received_at,"
                    + " shown_items) VALUES ('big', ?, 'exposure', ?, ?, TRUE, NULL, 1, ?, ?, ?)")) {
                c.setAutoCommit(false);
                // Long past: a starting server reloads recent exposures' shown items into memory, which is not under test here.
                Instant start = Instant.parse("2020-01-01T00:00:00Z");
                for (int i = 0; i < EVENTS; i++) {
                    ps.setString(1, String.format("e-%07d", i));
                    ps.setString(2, "customer-" + (i % 50_000));
                    ps.setString(3, i % 2 == 0 ? "C" : "T1");
                    Timestamp at = Timestamp.from(start.plusSeconds(i));
                    ps.setTimestamp(4, at);
                    ps.setTimestamp(5, at);
                    ps.setString(6, "item-" + (i % 997) + "\titem-" + (i % 991) + "\titem-" + (i % 983));
                    ps.addBatch();
                    if ((i + 1) % 10_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
    }

    @Test
    void theExportCommandWritesAMillionRowsInASmallHeap() throws Exception {
        Path out = tmp.resolve("out");
        Process p = java(List.of("export", "--data-dir", dataDir.toString(), "--experiment", "big", "--what", "exposures",
                "--format", "csv", "--out", out.toString())).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        try (Stream<String> lines = Files.lines(out.resolve("big-exposures.csv"))) {
            assertThat(lines.count()).isEqualTo(EVENTS + 1L); // and the header
        }
    }

    @Test
    void theServerStreamsAMillionRowsInASmallHeap() throws Exception {
        ProcessBuilder builder = java(List.of("serve", "--data-dir", dataDir.toString(), "--port", "0", "--host", "127.0.0.1",
                "--experiments", tmp.resolve("no-experiments").toString()));
        builder.environment().put("RECOLAB_ADMIN_KEY", ADMIN_KEY);
        Process server = builder.start();
        try {
            int port = port(server);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/experiments/big/export/exposures.jsonl"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread.sleep(3_000); // a slow reader: the server must wait for it, not buffer
            long lines = 0;
            String last = null;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines++;
                    last = line;
                }
            }
            assertThat(lines).isEqualTo(EVENTS);
            assertThat(last).contains("\"id\":\"e-0999999\"");
            assertThat(server.isAlive()).as("the server survived").isTrue();
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The server prints its URL on stdout once it listens; stderr (the log) is merged in. */
    private static int port(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)/");
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            seen.add(line);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException e) {
                        // the server went away
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not start: " + seen);
    }

    private static ProcessBuilder java(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "io.recolab.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
