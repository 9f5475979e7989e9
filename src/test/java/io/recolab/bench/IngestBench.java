package io.recolab.bench;

import io.recolab.app.Recolab;
import io.recolab.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained ingestion on the H2 file store (issue 3): {@code server} posts batches of 100 events
 * (50 exposures of new units, 50 conversions of them) from 8 concurrent clients through HTTP,
 * validation, group commit, attribution and rollups; {@code plainJdbc} is the yardstick, a plain
 * JDBC batch-insert loop of the same rows into the same {@code events} table, 100 rows per commit.
 * Scores are events per second. Run: {@code mvn -q -Pbench test-compile exec:exec -Dbench=IngestBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class IngestBench {
    static final String KEY = "bench-admin-key-0123456789abcdef";
    static final int BATCH = 100;
    static final String DEFINITION = """
            {"key":"bench","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @State(Scope.Benchmark)
    public static class Server {
        Recolab app;
        HttpClient client;
        URI events;
        final AtomicLong next = new AtomicLong();
        String at;

        @Setup(Level.Trial)
        public void start() throws Exception {
            Path dir = Files.createTempDirectory("recolab-ingest-bench");
            app = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, null, null, KEY, 2000));
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + app.port();
            post(URI.create(base + "/api/v1/experiments"), DEFINITION, 201);
            post(URI.create(base + "/api/v1/experiments/bench/start"), "", 200);
            events = URI.create(base + "/api/v1/events");
            // Within the hour of clock skew tolerated before the start: earlier exposures are excluded.
            at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        }

        String post(URI uri, String body, int expected) throws Exception {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        @TearDown(Level.Trial)
        public void stop() {
            app.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Plain {
        Database db;
        final AtomicLong next = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws Exception {
            db = Database.open(Database.h2Url(Files.createTempDirectory("recolab-jdbc-bench")), 4);
        }

        @TearDown(Level.Trial)
        public void close() {
            db.close();
        }
    }

    @Benchmark
    @Threads(8)
    @OperationsPerInvocation(BATCH)
    public String server(Server s) throws Exception {
        long batch = s.next.getAndIncrement();
        StringBuilder body = new StringBuilder(BATCH * 130).append("{\"events\":[");
        for (int i = 0; i < BATCH / 2; i++) {
            String unit = "b" + batch + "u" + i;
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"x").append(unit).append("\",\"type\":\"exposure\",\"experiment\":\"bench\",\"unit\":\"")
                    .append(unit).append("\",\"timestamp\":\"").append(s.at).append("\"},")
                    .append("{\"id\":\"c").append(unit).append("\",\"type\":\"conversion\",\"experiment\":\"bench\",\"unit\":\"")
                    .append(unit).append("\",\"metric\":\"purchase\",\"timestamp\":\"").append(s.at).append("\"}");
        }
        return s.post(s.events, body.append("]}").toString(), 200);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int plainJdbc(Plain p) throws Exception {
        long batch = p.next.getAndIncrement();
        var now = Instant.now().atOffset(ZoneOffset.UTC);
        try (Connection c = p.db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (experiment_key, event_id, event_type, unit_id,"
                    + " treatment, in_experiment, metric, event_value, occurred_at, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < BATCH; i++) {
                    String unit = "b" + batch + "u" + (i / 2);
                    boolean exposure = i % 2 == 0;
                    ps.setString(1, "bench");
                    ps.setString(2, (exposure ? "x" : "c") + unit);
                    ps.setString(3, exposure ? "exposure" : "conversion");
                    ps.setString(4, unit);
                    ps.setString(5, "C");
                    ps.setBoolean(6, true);
                    ps.setString(7, exposure ? null : "purchase");
                    ps.setDouble(8, 1);
                    ps.setObject(9, now);
                    ps.setObject(10, now);
                    ps.addBatch();
                }
                int n = ps.executeBatch().length;
                c.commit();
                p.db.persist(c); // durable before the next batch, as the server's commits are
                return n;
            }
        }
    }
}
