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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * What a unit-level metric (issue 22.7: capped + CUPED, ratio) costs on the results page next to a
 * plain metric read from the daily rollups, in one run on one H2 store: N exposed units (default
 * 100,000) over 30 days, each with a purchase and a revenue value in its unit row, and the rollups
 * summed from them. Times {@code GET .../results?metric=M} over HTTP; prints the median of R rounds
 * per metric and the ratios to the plain one.
 * Run: {@code bash src/test/resources/bench/run.sh io.recolab.bench.MetricKindsCost 100000 15}.
 */
public final class MetricKindsCost {
    static final String KEY = "bench-admin-key-0123456789abcdef";
    static final String DEFINITION = """
            {"key":"kinds","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},
                        {"name":"revenue","type":"mean","windowDays":14},
                        {"name":"revenue-capped","type":"mean","windowDays":14,"cap":{"percentile":99},"cuped":true},
                        {"name":"aov","type":"ratio","numerator":"revenue","denominator":"purchase","windowDays":14}]}""";

    private MetricKindsCost() {
    }

    public static void main(String[] args) throws Exception {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("recolab-kinds-bench");
        try (Recolab app = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, null, null, KEY, 2000))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + app.port() + "/api/v1/experiments";
            send(client, HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString(DEFINITION)));
            send(client, HttpRequest.newBuilder(URI.create(base + "/kinds/start")).POST(HttpRequest.BodyPublishers.noBody()));
            try (Database db = Database.open(Database.h2Url(dir), 2)) {
                generate(db, units);
            }
            String[] metrics = {"revenue", "revenue-capped", "aov"};
            double[] median = new double[metrics.length];
            for (int m = 0; m < metrics.length; m++) {
                HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/kinds/results?metric=" + metrics[m]))
                        .header("Authorization", "Bearer " + KEY).GET().build();
                for (int w = 0; w < 3; w++) {
                    send(client, get);
                }
                double[] ms = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t = System.nanoTime();
                    send(client, get);
                    ms[r] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                median[m] = ms[rounds / 2];
                System.out.printf("%-15s median %8.1f ms (min %.1f, max %.1f) over %d rounds, %,d units%n", metrics[m],
                        median[m], ms[0], ms[rounds - 1], rounds, units);
            }
            System.out.printf("ratio to the plain rollup metric: capped+CUPED %.1fx, ratio %.1fx%n", median[1] / median[0],
                    median[2] / median[0]);
        }
    }

    /** Unit rows as the writer keeps them (metric_values text) and the rollups summed from them. */
    private static void generate(Database db, int units) throws Exception {
        Random random = new Random(7);
        Instant start = Instant.now().minus(31, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        Map<String, long[]> exposures = new HashMap<>();
        Map<String, double[]> rollups = new HashMap<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_units (experiment_key, unit_id, treatment,"
                    + " first_exposure_at, metric_values) VALUES ('kinds',?,?,?,?)")) {
                for (int u = 0; u < units; u++) {
                    String treatment = (u & 1) == 0 ? "C" : "T1";
                    Instant at = start.plusSeconds((long) (random.nextDouble() * 30 * 86400));
                    LocalDate day = Rollup.day(at);
                    exposures.computeIfAbsent(treatment + "|" + day, k -> new long[1])[0]++;
                    String values = null;
                    if (random.nextDouble() < 0.3) {
                        double revenue = Math.round(100 * Math.exp(3 + random.nextGaussian())) / 100.0;
                        values = "purchase=1.0/1;revenue=" + revenue + "/1;revenue-capped=" + revenue + "/1";
                        for (String[] m : new String[][] {{"purchase", "1"}, {"revenue", String.valueOf(revenue)},
                                {"revenue-capped", String.valueOf(revenue)}}) {
                            double v = Double.parseDouble(m[1]);
                            double[] r = rollups.computeIfAbsent(treatment + "|" + m[0] + "|" + day, k -> new double[3]);
                            r[0]++;
                            r[1] += v;
                            r[2] += v * v;
                        }
                    }
                    ps.setString(1, "u" + u);
                    ps.setString(2, treatment);
                    ps.setObject(3, at.atOffset(ZoneOffset.UTC));
                    ps.setString(4, values);
                    ps.addBatch();
                    if (u % 5_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO daily_exposures (experiment_key, treatment, exposure_day, units) VALUES ('kinds',?,?,?)")) {
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
                    + " exposure_day, converted, value_sum, value_sum_squares) VALUES ('kinds',?,?,?,?,?,?)")) {
                for (var e : rollups.entrySet()) {
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

    private static void send(HttpClient client, HttpRequest.Builder request) throws Exception {
        send(client, request.header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json").build());
    }

    private static void send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.statusCode() + ": " + r.body());
        }
    }
}
