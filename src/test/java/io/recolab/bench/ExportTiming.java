package io.recolab.bench;

import io.recolab.app.Recolab;
import io.recolab.store.Database;
import io.recolab.testing.BulkEvents;
import io.recolab.testing.Stores;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time to first byte and total time of a large raw export over HTTP, on H2 and PostgreSQL in the
 * same run (issue 18 item 3), then ten concurrent downloads with event POSTs timed meanwhile.
 * Not a test: a measurement for docs/operations.md. Run (see there for the classpath line):
 * {@code java -cp ... io.recolab.bench.ExportTiming [--events 1000000] [--stores h2,postgresql]}.
 */
public final class ExportTiming {
    static final String KEY = "bench-admin-key-0123456789abcdef";
    static final String DEFINITION = """
            {"key":"big","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
             {"name":"T1","weight":1,"recommender":"item-to-item"}]}""";

    public static void main(String[] args) throws Exception {
        long events = 1_000_000;
        List<String> stores = List.of("h2", "postgresql");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--stores" -> stores = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("# %,d exposures; load average %s%n", events, loadAverage());
        for (String store : stores) {
            run(store, events);
        }
        System.out.printf("# load average after: %s%n", loadAverage());
    }

    private static void run(String store, long events) throws Exception {
        Path dir = Files.createTempDirectory("recolab-export-timing");
        String url = store.equals("postgresql") ? Stores.freshPostgresSchema() : null;
        Recolab app = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, url, null, KEY, 2000));
        try {
            String base = "http://127.0.0.1:" + app.port();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            post(client, base + "/api/v1/experiments", DEFINITION);
            long t0 = System.nanoTime();
            BulkEvents.exposures(url != null ? url : Database.h2Url(dir), "big", events);
            System.out.printf("%s: inserted %,d exposures in %.1f s%n", store, events, (System.nanoTime() - t0) / 1e9);
            for (int i = 1; i <= 3; i++) {
                Download d = download(client, base + "/api/v1/experiments/big/export/exposures.csv");
                System.out.printf("%s: export %d: status %d, first byte %.2f s, first data row %.2f s, total %.1f s,"
                        + " %,d rows, %.1f MB%n", store, i, d.status, d.firstByte, d.firstRow, d.total, d.rows, d.bytes / 1e6);
            }
            concurrent(client, base, store);
        } finally {
            app.close();
            if (url != null) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    /** Ten downloads at once while one event batch a second is posted and timed. */
    private static void concurrent(HttpClient client, String base, String store) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Double> posts = new ArrayList<>();
        Thread poster = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                long t = System.nanoTime();
                int status = post(client, base + "/api/v1/events", "{\"events\":[{\"id\":\"live-" + (n++)
                        + "\",\"type\":\"exposure\",\"experiment\":\"big\",\"unit\":\"u" + n + "\"}]}");
                synchronized (posts) {
                    posts.add(status == 200 ? (System.nanoTime() - t) / 1e9 : -status);
                }
                sleep(1000);
            }
        });
        poster.start();
        long t0 = System.nanoTime();
        List<CompletableFuture<Download>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(CompletableFuture.supplyAsync(() -> download(client, base + "/api/v1/experiments/big/export/exposures.csv")));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        double slowest = 0;
        for (CompletableFuture<Download> f : all) {
            Download d = f.get();
            statuses.merge(d.status, 1, Integer::sum);
            slowest = Math.max(slowest, d.total);
        }
        running.set(false);
        poster.join();
        double maxPost = posts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        long failedPosts = posts.stream().filter(p -> p < 0).count();
        System.out.printf("%s: 10 concurrent downloads: statuses %s, all done in %.1f s; %d event POSTs meanwhile,"
                + " slowest %.2f s, %d not 200%n", store, statuses, (System.nanoTime() - t0) / 1e9, posts.size(), maxPost,
                failedPosts);
    }

    record Download(int status, double firstByte, double firstRow, double total, long rows, long bytes) {
    }

    static Download download(HttpClient client, String url) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            double firstByte = -1;
            double firstRow = -1;
            long rows = 0;
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = r.body()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (firstByte < 0) {
                        firstByte = (System.nanoTime() - t0) / 1e9;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            rows++;
                            if (rows == 2 && firstRow < 0) {
                                firstRow = (System.nanoTime() - t0) / 1e9;
                            }
                        }
                    }
                    bytes += n;
                }
            }
            return new Download(r.statusCode(), firstByte, firstRow, (System.nanoTime() - t0) / 1e9,
                    r.statusCode() == 200 ? rows - 1 : 0, bytes);
        } catch (Exception e) {
            return new Download(-1, -1, -1, (System.nanoTime() - t0) / 1e9, 0, 0);
        }
    }

    static int post(HttpClient client, String url, String body) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
