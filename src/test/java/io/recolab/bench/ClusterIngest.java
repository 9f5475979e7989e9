package io.recolab.bench;

import io.recolab.store.Database;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ingestion of one H2 node against 1, 2 and 3 PostgreSQL nodes on one schema, in one run so
 * that all see the same machine load (docs/scale.md). The nodes run in this JVM (each a whole
 * server: HTTP, validation, its own writer and pool); {@code clients} threads post batches of
 * {@code batch} new exposures (unique ids, random units among 100,000), spread over the nodes
 * round-robin, for {@code seconds} after a warm-up. Per setup it prints events/s answered (200s
 * received in the run) and committed (rows counted in the store over the run), p50/p99 latency,
 * refused batches (non-200), commits the writers had to roll back and retry, PostgreSQL's deadlock
 * count (of the whole database: other schemas' sessions count too) and the bytes per stored event,
 * of the events table (with its indexes) and of the whole schema (every table with its indexes).
 * <p>Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -Xmx2g -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.recolab.bench.ClusterIngest [seconds=15] [setups=h2,pg1,pg2,pg3] [clients=8] [batch=100] [rounds=1]}.
 * <p>{@code ... ClusterIngest interactions [seconds=10] [rounds=2]} measures what attribution across
 * nodes costs: two PostgreSQL nodes, exposures listing their items posted to node A for units a*
 * and to node B for units b*; then 8 clients report purchases of shown items (10 per call, each a
 * conversion) to node A, in alternating phases: units a* (the show is in A's memory, as on one node
 * before this change) and units b* (shown by B: A finds the show in the store). The ratio of the
 * two rates is the cost of a purchase attributed across nodes relative to one attributed locally.
 */
public final class ClusterIngest {
    private static final String DEFINITION = """
            {"key":"bench","exposurePercent":100,
             "treatments":[{"name":"C","weight":25,"recommender":"bestseller"},{"name":"T1","weight":25,"recommender":"bestseller"},
                           {"name":"T2","weight":25,"recommender":"bestseller"},{"name":"T3","weight":25,"recommender":"bestseller"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    private ClusterIngest() {
    }

    record Result(String setup, double answered, double committed, double p50, double p99, long refused, long rolledBack,
                  long deadlocks, long bytesPerEvent, long storeBytesPerEvent, String load) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("interactions")) {
            interactions(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 2);
            System.exit(0);
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> setups = Arrays.asList((args.length > 1 ? args[1] : "h2,pg1,pg2,pg3").split(","));
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String setup : setups) {
                Result r = run(setup, seconds, clients, batch);
                results.add(r);
                System.out.printf("round %d %s%n", round, r);
            }
        }
        System.out.println();
        System.out.println("| setup | load (1 min) | answered events/s | committed events/s | p50 ms | p99 ms | refused | rolled back | deadlocks | bytes/event | store bytes/event |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %s | %,.0f | %,.0f | %.0f | %.0f | %d | %d | %s | %s | %s |%n", r.setup(), r.load(), r.answered(),
                    r.committed(), r.p50(), r.p99(), r.refused(), r.rolledBack(), r.setup().startsWith("pg") ? r.deadlocks() : "-",
                    r.setup().startsWith("pg") ? r.bytesPerEvent() : "-", r.setup().startsWith("pg") ? r.storeBytesPerEvent() : "-");
        }
        System.exit(0); // the nodes' non-daemon threads are closed; the HTTP clients' may linger
    }

    private static Result run(String setup, int seconds, int clients, int batch) throws Exception {
        Path dir = Files.createTempDirectory("cluster-ingest");
        boolean postgres = setup.startsWith("pg");
        int nodes = postgres ? Integer.parseInt(setup.substring(2)) : 1;
        List<TestServer> servers = new ArrayList<>();
        servers.add(TestServer.start(postgres ? Stores.Kind.POSTGRESQL : Stores.Kind.H2, dir.resolve("n0"), null));
        try {
            for (int i = 1; i < nodes; i++) {
                servers.add(servers.get(0).joinNode(dir.resolve("n" + i)));
            }
            TestServer first = servers.get(0);
            check(first.post("/api/v1/experiments", DEFINITION));
            check(first.post("/api/v1/experiments/bench/start", null));
            for (TestServer s : servers) {
                while (!s.get("/api/v1/experiments/bench/assignment?unit=x").json().path("inExperiment").asBoolean()) {
                    Thread.sleep(50);
                }
            }
            String url = postgres ? first.jdbcUrl() : Database.h2Url(dir.resolve("n0"));
            drive(servers, Math.min(5, seconds), clients, batch, "warm"); // warm-up: JIT, pools
            long rowsBefore = count(url, postgres);
            long deadlocksBefore = postgres ? deadlocks() : 0;
            long rolledBefore = servers.stream().mapToLong(s -> s.app().eventWriter().failedCommits()).sum();
            String load = load();
            long t0 = System.nanoTime();
            Drive d = drive(servers, seconds, clients, batch, "run");
            long rowsAfter = count(url, postgres);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long rolled = servers.stream().mapToLong(s -> s.app().eventWriter().failedCommits()).sum() - rolledBefore;
            long deadlocks = postgres ? deadlocks() - deadlocksBefore : 0;
            long bytes = postgres ? bytesPerEvent(url) : 0;
            long storeBytes = postgres ? storeBytesPerEvent(url) : 0;
            long[] lat = d.latencies();
            Arrays.sort(lat);
            return new Result(setup, d.events() / d.seconds(), (rowsAfter - rowsBefore) / elapsed,
                    percentile(lat, 0.50) / 1e6, percentile(lat, 0.99) / 1e6, d.refused(), rolled, deadlocks, bytes, storeBytes, load);
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }
    }

    record Drive(long events, double seconds, long[] latencies, long refused) {
    }

    private static Drive drive(List<TestServer> servers, int seconds, int clients, int batch, String run) throws Exception {
        AtomicLong counter = new AtomicLong();
        return drive(servers, seconds, clients, batch, "/api/v1/events", () -> {
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = 0; i < batch; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(run).append('-').append(counter.incrementAndGet())
                        .append("\",\"type\":\"exposure\",\"experiment\":\"bench\",\"unit\":\"c")
                        .append(ThreadLocalRandom.current().nextInt(100_000)).append("\"}");
            }
            return body.append("]}").toString();
        });
    }

    /** {@code clients} threads posting {@code bodies} (of {@code batch} items each) to the nodes, round-robin, for the given time. */
    private static Drive drive(List<TestServer> servers, int seconds, int clients, int batch, String path,
                               java.util.function.Supplier<String> bodies) throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            int client = t;
            TestServer node = servers.get(t % servers.size());
            done.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI uri = URI.create(node.baseUrl() + path);
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get())).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - t0;
                    if (r.statusCode() == 200) {
                        events.addAndGet(batch);
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = took;
                    } else {
                        refused.incrementAndGet();
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : done) {
            all.add(f.get());
        }
        double took = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] lat = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Drive(events.get(), took, lat, refused.get());
    }

    private static void interactions(int seconds, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("cluster-interactions");
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, dir.resolve("a"), null);
             TestServer b = a.joinNode(dir.resolve("b"))) {
            check(a.post("/api/v1/experiments", DEFINITION));
            check(a.post("/api/v1/experiments/bench/start", null));
            while (!b.get("/api/v1/experiments/bench/assignment?unit=x").json().path("inExperiment").asBoolean()) {
                Thread.sleep(50);
            }
            int units = 20_000;
            for (String prefix : List.of("a", "b")) {
                TestServer node = prefix.equals("a") ? a : b;
                for (int from = 0; from < units; from += 500) {
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    for (int u = from; u < from + 500; u++) {
                        body.append(u == from ? "" : ",").append("{\"id\":\"x").append(prefix).append(u)
                                .append("\",\"type\":\"exposure\",\"experiment\":\"bench\",\"unit\":\"").append(prefix).append(u)
                                .append("\",\"items\":[\"i1\",\"i2\",\"i3\"]}");
                    }
                    check(node.post("/api/v1/events", body.append("]}").toString()));
                }
            }
            AtomicLong ids = new AtomicLong();
            List<String> rows = new ArrayList<>();
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                for (String prefix : List.of("a", "b")) {
                    String load = load();
                    Drive d = drive(List.of(a), seconds, 8, 10, "/api/v1/interactions", () -> {
                        StringBuilder body = new StringBuilder("{\"interactions\":[");
                        for (int i = 0; i < 10; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"id\":\"buy").append(ids.incrementAndGet())
                                    .append("\",\"customer\":\"").append(prefix).append(ThreadLocalRandom.current().nextInt(units))
                                    .append("\",\"item\":\"i2\"}");
                        }
                        return body.append("]}").toString();
                    });
                    long[] lat = d.latencies();
                    Arrays.sort(lat);
                    String row = String.format("| %d | %s | %s | %,.0f | %.1f | %.1f | %d |", round + 1,
                            prefix.equals("a") ? "shown by A (memory)" : "shown by B (store)", load,
                            d.events() / d.seconds(), percentile(lat, 0.5) / 1e6, percentile(lat, 0.99) / 1e6, d.refused());
                    System.out.println(row);
                    if (round >= 0) {
                        rows.add(row);
                    }
                }
            }
            System.out.println();
            System.out.println("| round | purchases reported to A of items | load (1 min) | interactions/s | p50 ms | p99 ms | refused |");
            System.out.println("|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        }
    }

    private static void check(TestServer.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(r.status() + " " + r.body());
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static Connection connect(String url, boolean postgres) throws SQLException {
        return postgres ? DriverManager.getConnection(url) : DriverManager.getConnection(url, "sa", "");
    }

    private static long count(String url, boolean postgres) throws SQLException {
        try (Connection c = connect(url, postgres); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long deadlocks() throws SQLException {
        try (Connection c = DriverManager.getConnection(Stores.PG_BASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long bytesPerEvent(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('events') / GREATEST(COUNT(*), 1) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every table of the schema (with its indexes and TOAST) per stored event: rollups, units, keys, everything. */
    private static long storeBytesPerEvent(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT SUM(pg_total_relation_size(t.oid)) FROM pg_class t JOIN pg_namespace n"
                     + " ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relkind = 'r')"
                     + " / GREATEST((SELECT COUNT(*) FROM events), 1)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
