package io.recolab.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak: a recolab server (its own JVM, H2 store or {@code --db} PostgreSQL, synthetic data so that the recommenders have
 * models) under mixed load for a long while, sampling the server's heap after a full GC and its
 * resident memory every 30 s (the heap the full GC left, from the server's GC log). Prints a table
 * and a verdict from the slope of heap-after-GC after the warm-up: a leak shows as steady growth.
 * Not a CI test (it runs for minutes).
 *
 * <p>Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.recolab.bench.Soak --minutes 10 [--threads 4] [--heap 512m]}
 *
 * <p>Load, per request picked at random: 45% HTTP assignment, 20% recommendations (each logs an
 * exposure), 25% event batches (5 exposures and 5 conversions, fresh event ids, units drawn from 100,000), 5% results, 5%
 * interactions (which become conversions for units that were shown the item).
 */
public final class Soak {
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    static final Duration WARM_UP = Duration.ofMinutes(2);
    static final String KEY = "soak-admin-key-0123456789abcdef";
    static final String EXPERIMENT = """
            {"key":"soak","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},{"name":"revenue","type":"mean","windowDays":14}]}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong eventIds = new AtomicLong();
    /** Units come back (as customers do), so that what the server keeps per unit reaches its steady size. */
    static final int UNITS = 100_000;
    private String base;
    private Path gcLog;

    record Sample(double minutes, double requestsPerSecond, long errors, double heapAfterGcMb, double rssMb) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        int threads = 4;
        String heap = "512m";
        String db = null;
        String shows = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = args[++i];
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                // A smaller bound on the shows kept for attribution fills it within the run, so that
                // the run shows the steady state a long-running server reaches, not the filling.
                case "--attribution-shows" -> shows = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: Soak [--minutes 10] [--threads 4] [--heap 512m] [--db JDBC_URL] [--attribution-shows N]");
            }
        }
        new Soak().run(Duration.ofMillis((long) (minutes * 60_000)), threads, heap, db, shows);
    }

    void run(Duration length, int threads, String heap, String db, String shows) throws Exception {
        Path dir = Files.createTempDirectory("recolab-soak");
        Path experiments = Files.createDirectories(dir.resolve("experiments"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        gcLog = dir.resolve("gc.log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms" + heap, "-Xmx" + heap, "-Xlog:gc:file=" + gcLog,
                "-cp", System.getProperty("java.class.path"),
                "io.recolab.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("data").toString(), "--experiments", experiments.toString(),
                "--data", "synthetic:customers=3000,items=800,days=120,seed=3", "--rate-limit", "0");
        if (db != null) {
            pb.command().addAll(List.of("--db", db));
        }
        if (shows != null) {
            pb.command().addAll(List.of("--attribution-shows", shows));
        }
        pb.environment().put("RECOLAB_ADMIN_KEY", KEY);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Process server = pb.start();
        base = "http://127.0.0.1:" + port;
        System.out.printf("server pid %d on %s, heap %s, log %s%n", server.pid(), base, heap, dir.resolve("server.log"));
        try {
            awaitUp(server);
            check(call("POST", "/api/v1/experiments", EXPERIMENT), 201);
            check(call("POST", "/api/v1/experiments/soak/start", null), 200);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    while (!stop.get()) {
                        oneRequest();
                    }
                }, "soak-" + t);
                thread.setDaemon(true);
                thread.start();
                load.add(thread);
            }
            List<Sample> samples = sampleUntil(server, Instant.now().plus(length));
            stop.set(true);
            for (Thread t : load) {
                t.join(10_000);
            }
            report(samples);
            System.out.println("largest classes in the server's heap at the end (jcmd GC.class_histogram):");
            jcmd(server.pid(), "GC.class_histogram").lines().skip(1).limit(14).forEach(System.out::println);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private void oneRequest() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int pick = r.nextInt(100);
        String customer = Integer.toString(r.nextInt(3000));
        HttpResponse<String> response;
        if (pick < 45) {
            response = call("GET", "/api/v1/experiments/soak/assignment?unit=" + customer, null);
        } else if (pick < 65) {
            response = call("GET", "/api/v1/recommendations?experiment=soak&n=6&unit=" + customer, null);
        } else if (pick < 90) {
            StringBuilder batch = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 5; i++) {
                String unit = "u" + r.nextInt(UNITS);
                long id = eventIds.incrementAndGet();
                batch.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"x-").append(id).append("\",\"type\":\"exposure\",\"experiment\":\"soak\",\"unit\":\"")
                        .append(unit).append("\"},{\"id\":\"c-").append(id)
                        .append("\",\"type\":\"conversion\",\"experiment\":\"soak\",\"metric\":\"revenue\",\"value\":")
                        .append(r.nextInt(1, 100)).append(",\"unit\":\"").append(unit).append("\"}");
            }
            response = call("POST", "/api/v1/events", batch.append("]}").toString());
        } else if (pick < 95) {
            response = call("GET", "/api/v1/experiments/soak/results?metric=" + (r.nextBoolean() ? "purchase" : "revenue"), null);
        } else {
            response = call("POST", "/api/v1/interactions", "{\"customer\":\"" + customer + "\",\"item\":\""
                    + r.nextInt(800) + "\"}");
        }
        requests.increment();
        if (response == null || response.statusCode() >= 300) {
            errors.increment();
        }
    }

    private List<Sample> sampleUntil(Process server, Instant end) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        System.out.println(" minute   req/s  errors  heap after GC (MB)  RSS (MB)");
        long lastRequests = 0;
        long lastNanos = started;
        while (Instant.now().isBefore(end)) {
            Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, Duration.between(Instant.now(), end).toMillis())));
            long now = System.nanoTime();
            long total = requests.sum();
            Sample s = new Sample((now - started) / 60e9, (total - lastRequests) / ((now - lastNanos) / 1e9), errors.sum(),
                    heapAfterGc(server.pid(), gcLog), rss(server.pid()));
            lastRequests = total;
            lastNanos = now;
            samples.add(s);
            System.out.printf(Locale.ROOT, "%7.1f %7.0f %7d %19.1f %9.1f%n", s.minutes(), s.requestsPerSecond(), s.errors(),
                    s.heapAfterGcMb(), s.rssMb());
        }
        return samples;
    }

    /** Least-squares slope of heap-after-GC against time, after the warm-up. */
    static double slopeMbPerMinute(List<Sample> samples) {
        List<Sample> steady = samples.stream().filter(s -> s.minutes() >= WARM_UP.toSeconds() / 60.0).toList();
        if (steady.size() < 3) {
            steady = samples;
        }
        double n = steady.size();
        double mx = steady.stream().mapToDouble(Sample::minutes).sum() / n;
        double my = steady.stream().mapToDouble(Sample::heapAfterGcMb).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : steady) {
            sxy += (s.minutes() - mx) * (s.heapAfterGcMb() - my);
            sxx += (s.minutes() - mx) * (s.minutes() - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private void report(List<Sample> samples) {
        double slope = slopeMbPerMinute(samples);
        double mean = samples.stream().mapToDouble(Sample::heapAfterGcMb).average().orElse(0);
        // Flat: growth over the run below 1 MB/min and below 2% of the mean per minute.
        boolean flat = slope < 1.0 && slope < 0.02 * mean;
        System.out.printf(Locale.ROOT, "%d requests, %d errors; heap after GC: slope %.3f MB/min after the %d-minute warm-up "
                        + "(mean %.1f MB): %s%n", requests.sum(), errors.sum(), slope, WARM_UP.toMinutes(), mean,
                flat ? "FLAT" : "GROWING - look for a leak");
    }

    /**
     * Forces a full GC in the server and reads, from the server's GC log, the heap that full GC left
     * ("Pause Full (Diagnostic Command) 250M->85M(512M)"): reading the heap afterwards would count what
     * the load allocated in between.
     */
    static double heapAfterGc(long pid, Path gcLog) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Pattern full = Pattern.compile("Pause Full \\([^)]*\\) (\\d+)([KMG])->(\\d+)([KMG])");
        double after = Double.NaN;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = full.matcher(line);
            if (m.find()) {
                double scale = switch (m.group(4)) {
                    case "K" -> 1 / 1024.0;
                    case "G" -> 1024;
                    default -> 1;
                };
                after = Long.parseLong(m.group(3)) * scale;
            }
        }
        return after;
    }

    static double rss(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private void awaitUp(Process server) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            HttpResponse<String> r = call("GET", "/api/v1/health", null);
            if (r != null && r.statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start in 60 s");
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r == null || r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
    }

    private HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
