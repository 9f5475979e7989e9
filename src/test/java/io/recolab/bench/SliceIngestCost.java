package io.recolab.bench;

import io.recolab.app.Recolab;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write cost of slices (issue 22.8): one server on one H2 file store, three experiments with the
 * same treatments and metric, fed in alternating rounds of a few seconds each so all three see the same
 * machine load. Each batch is {@link IngestBench}'s (100 events: 50 exposures of new units, 50
 * conversions of them, from 8 concurrent clients). {@code plain}: exposures without attributes;
 * {@code unkept}: exposures with {@code device} and {@code country} that the definition does not
 * slice by (validated, then dropped); {@code sliced}: the same attributes on an experiment sliced by
 * both (two slice rollups more per exposure and per conversion, in the same transaction). Prints
 * events/s and the process CPU per 1,000 events of each round (the clients run in the same JVM: the
 * same for all three but for the attributes' bytes), the medians, and the median of each round's ratio
 * to {@code plain} (rounds are short and many: on a shared machine a single round can be off by 3x).
 * Run: {@code nice -n 10 bash src/test/resources/bench/run.sh io.recolab.bench.SliceIngestCost 12 3}.
 */
public final class SliceIngestCost {
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final String[] COUNTRIES = {"br", "de", "fr", "in", "jp", "mx", "ng", "pl", "us", "za"};
    private static final String[] WORKLOADS = {"plain", "unkept", "sliced"};

    private SliceIngestCost() {
    }

    private static String definition(String key, boolean sliced) {
        return IngestBench.DEFINITION.replace("\"key\":\"bench\"", "\"key\":\"" + key + "\"")
                .replace("\"exposurePercent\":100,", "\"exposurePercent\":100," + (sliced ? "\"slices\":[\"device\",\"country\"]," : ""));
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 3;
        Path dir = Files.createTempDirectory("recolab-slice-bench");
        try (Recolab app = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, null, null, IngestBench.KEY, 2000))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + app.port() + "/api/v1";
            for (String w : WORKLOADS) {
                post(client, URI.create(base + "/experiments"), definition(w, w.equals("sliced")), 201);
                post(client, URI.create(base + "/experiments/" + w + "/start"), "", 200);
            }
            URI events = URI.create(base + "/events");
            String at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            AtomicLong next = new AtomicLong();
            double[][] rates = new double[WORKLOADS.length][rounds];
            double[][] cpu = new double[WORKLOADS.length][rounds];
            for (int r = -1; r < rounds; r++) { // round -1 warms all three up
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < WORKLOADS.length; k++) {
                    // The order turns each round, so no workload always follows the same one (H2's
                    // background writes after a heavy round would otherwise land on the same neighbour).
                    int w = (k + Math.max(r, 0)) % WORKLOADS.length;
                    String workload = WORKLOADS[w];
                    double[] m = run(8, seconds, () -> post(client, events, batch(workload, next.getAndIncrement(), at), 200));
                    if (r >= 0) {
                        rates[w][r] = m[0];
                        cpu[w][r] = m[1];
                        line.append(String.format("  %s %,.0f ev/s (%.1f cpu-ms/1k ev)", workload, m[0], m[1]));
                    }
                }
                if (r >= 0) {
                    System.out.println("round " + (r + 1) + ":" + line);
                }
            }
            for (int w = 0; w < WORKLOADS.length; w++) {
                double[] rateRatio = new double[rounds];
                double[] cpuRatio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    rateRatio[r] = rates[w][r] / rates[0][r];
                    cpuRatio[r] = cpu[w][r] / cpu[0][r];
                }
                System.out.printf("median %s: %,.0f events/s, %.1f cpu-ms per 1,000 events; median of the rounds' ratios to plain:"
                        + " events/s x%.2f, CPU per event x%.2f%n", WORKLOADS[w], median(rates[w]), median(cpu[w]),
                        median(rateRatio), median(cpuRatio));
            }
            // What the sliced experiment kept: a slice report per dimension, its units summed over values.
            for (String dimension : new String[] {"device", "country"}) {
                String report = client.send(HttpRequest.newBuilder(URI.create(base + "/experiments/sliced/results?slice=" + dimension))
                        .header("Authorization", "Bearer " + IngestBench.KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
                System.out.println("sliced by " + dimension + ": " + (report.split("\"value\"", -1).length - 1) + " values");
            }
        }
    }

    /** 50 exposures of new units (attributes on all but plain) and a conversion of each. */
    static String batch(String workload, long batch, String at) {
        StringBuilder body = new StringBuilder(IngestBench.BATCH * 180).append("{\"events\":[");
        for (int i = 0; i < IngestBench.BATCH / 2; i++) {
            String unit = "b" + batch + "u" + i;
            String attributes = workload.equals("plain") ? "" : ",\"attributes\":{\"device\":\"" + DEVICES[(int) ((batch + i) % 3)]
                    + "\",\"country\":\"" + COUNTRIES[(int) ((batch * 7 + i) % COUNTRIES.length)] + "\"}";
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"x").append(unit).append("\",\"type\":\"exposure\",\"experiment\":\"").append(workload)
                    .append("\",\"unit\":\"").append(unit).append("\",\"timestamp\":\"").append(at).append('"').append(attributes)
                    .append("},{\"id\":\"c").append(unit).append("\",\"type\":\"conversion\",\"experiment\":\"").append(workload)
                    .append("\",\"unit\":\"").append(unit).append("\",\"metric\":\"purchase\",\"timestamp\":\"").append(at)
                    .append("\"}");
        }
        return body.append("]}").toString();
    }

    private static String post(HttpClient client, URI uri, String body, int expected) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + IngestBench.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    interface Batch {
        Object send() throws Exception;
    }

    /** {events/s, process CPU ms per 1,000 events} of {@code threads} clients sending batches for the given time. */
    private static double[] run(int threads, long seconds, Batch batch) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong events = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    batch.send();
                    events.addAndGet(IngestBench.BATCH);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        return new double[] {events.get() / elapsed, cpuMs / (events.get() / 1000.0)};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
