package io.recolab.bench;

import io.recolab.app.Recolab;
import io.recolab.events.Rollup;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The results page of an experiment with 10 million raw events on the H2 file store (issue 3:
 * under 200 ms). Setup writes the raw events and their daily rollups directly with JDBC batches
 * (4 million units exposed over 90 days, 6 million conversions on two metrics); the benchmark times
 * {@code GET /api/v1/experiments/big/results} end to end over HTTP (JSON).
 * Run: {@code mvn -q -Pbench test-compile exec:exec -Dbench=ResultsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Threads(1)
public class ResultsBench {
    static final String KEY = "bench-admin-key-0123456789abcdef";
    static final long EVENTS = Long.getLong("events", 10_000_000L);
    static final int DAYS = 90;
    static final String DEFINITION = """
            {"key":"big","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},
                        {"name":"revenue","type":"mean","windowDays":14}]}""";

    Recolab app;
    HttpClient client;
    HttpRequest json;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Files.createTempDirectory("recolab-results-bench");
        app = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, null, null, KEY, 2000));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + app.port() + "/api/v1/experiments";
        send(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString(DEFINITION)), 201);
        send(HttpRequest.newBuilder(URI.create(base + "/big/start")).POST(HttpRequest.BodyPublishers.noBody()), 200);
        long started = System.nanoTime();
        // The same embedded database: H2 shares one instance per URL inside a JVM.
        try (Database db = Database.open(Database.h2Url(dir), 2)) {
            generate(db);
        }
        System.out.printf("# generated %,d events in %.1f s%n", EVENTS, (System.nanoTime() - started) / 1e9);
        json = HttpRequest.newBuilder(URI.create(base + "/big/results")).header("Authorization", "Bearer " + KEY).GET().build();
    }

    /** 40% exposures (one per unit), 30% purchases, 30% revenue; rollups summed as the writer would. */
    private static void generate(Database db) throws Exception {
        Random random = new Random(42);
        Instant start = Instant.now().minus(DAYS + 1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        long units = EVENTS * 4 / 10;
        Map<String, long[]> exposures = new HashMap<>();
        Map<String, double[]> metrics = new HashMap<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (experiment_key, event_id, event_type, unit_id,"
                    + " treatment, in_experiment, metric, event_value, occurred_at, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                long id = 0;
                for (long u = 0; u < units; u++) {
                    String unit = "u" + u;
                    String treatment = (u & 1) == 0 ? "C" : "T1";
                    Instant at = start.plusSeconds((long) (random.nextDouble() * DAYS * 86400));
                    LocalDate day = Rollup.day(at);
                    exposures.computeIfAbsent(treatment + "|" + day, k -> new long[1])[0]++;
                    add(ps, id++, "exposure", unit, treatment, null, 1, at);
                    int conversions = (int) (EVENTS * 6 / 10 / units) + (u < (EVENTS * 6 / 10) % units ? 1 : 0);
                    double revenue = 0;
                    boolean purchased = false;
                    for (int k = 0; k < conversions; k++) {
                        boolean purchase = k % 2 == 0;
                        double value = purchase ? 1 : Math.round(random.nextDouble() * 5000) / 100.0;
                        add(ps, id++, "conversion", unit, treatment, purchase ? "purchase" : "revenue", value,
                                at.plusSeconds(60 + k));
                        if (purchase) {
                            purchased = true;
                        } else {
                            revenue += value;
                        }
                    }
                    if (purchased) {
                        double[] m = metrics.computeIfAbsent(treatment + "|purchase|" + day, k -> new double[3]);
                        m[0]++;
                        m[1]++;
                        m[2]++;
                    }
                    if (revenue != 0) {
                        double[] m = metrics.computeIfAbsent(treatment + "|revenue|" + day, k -> new double[3]);
                        m[0]++;
                        m[1] += revenue;
                        m[2] += revenue * revenue;
                    }
                    if (u % 2_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO daily_exposures (experiment_key, treatment, exposure_day, units) VALUES ('big',?,?,?)")) {
                for (var e : exposures.entrySet()) {
                    String[] k = e.getKey().split("\\|");
                    ps.setString(1, k[0]);
                    ps.setObject(2, LocalDate.parse(k[1]));
                    ps.setLong(3, e.getValue()[0]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_metrics (experiment_key, treatment, metric,"
                    + " exposure_day, converted, value_sum, value_sum_squares) VALUES ('big',?,?,?,?,?,?)")) {
                for (var e : metrics.entrySet()) {
                    String[] k = e.getKey().split("\\|");
                    ps.setString(1, k[0]);
                    ps.setString(2, k[1]);
                    ps.setObject(3, LocalDate.parse(k[2]));
                    ps.setLong(4, (long) e.getValue()[0]);
                    ps.setDouble(5, e.getValue()[1]);
                    ps.setDouble(6, e.getValue()[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static void add(PreparedStatement ps, long id, String type, String unit, String treatment, String metric,
                            double value, Instant at) throws Exception {
        ps.setString(1, "big");
        ps.setString(2, "e" + id);
        ps.setString(3, type);
        ps.setString(4, unit);
        ps.setString(5, treatment);
        ps.setBoolean(6, true);
        ps.setString(7, metric);
        ps.setDouble(8, value);
        ps.setObject(9, at.atOffset(ZoneOffset.UTC));
        ps.setObject(10, at.atOffset(ZoneOffset.UTC));
        ps.addBatch();
    }

    private String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = client.send(request.header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @TearDown(Level.Trial)
    public void stop() {
        app.close();
    }

    @Benchmark
    public String resultsJson() throws Exception {
        HttpResponse<String> r = client.send(json, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.body());
        }
        return r.body();
    }
}
