package io.recolab.bench;

import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Status;
import io.recolab.experiment.Treatment;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 23 item 5, in process: the assignment rate of a plain experiment (as before issue 23) against a
 * layered one (whole layer: the unit hashed for the layer and for the experiment), a targeted one (two
 * attributes, one in a list of three, taking the unit) and a layered+targeted one, on one thread in one
 * JVM. {@link AssignmentBench} (JMH) runs the variants minutes apart and, on the shared machine, its
 * errors exceed its scores; here the four phases alternate in short slices, the order rotating each
 * round, so every variant sees the same load and each ratio compares neighbours in time. Prints the
 * ratios per round, their median and range. Run:
 * {@code bash src/test/resources/bench/run.sh io.recolab.bench.AssignmentRatio [seconds per phase] [rounds]}.
 * With a third argument, a variant's name ({@code plain}, {@code layered}, {@code targeted},
 * {@code layeredTargeted}), only that variant runs, seconds x rounds in all, for a profiler (JFR) to
 * sample one path alone.
 */
public final class AssignmentRatio {
    private static final int IDS = 1 << 16;
    static final String[] VARIANTS = {"plain", "layered", "targeted", "layeredTargeted"};
    private static final String[] KEYS = {"homepage-recs", "layered-recs", "targeted-recs", "layered-targeted"};
    /** Calls between clock reads: the clock costs about as much as an assignment. */
    private static final int CHUNK = 4096;

    private final String[] units = new String[IDS];
    /**
     * A HashMap, as the server builds a call's attributes (AttributeParams, Attributes.fromJson): Map.of's
     * table probes with a division per lookup and cost a targeted call a sixth of its time here.
     */
    private final Map<String, Object> attributes = new java.util.HashMap<>(Map.of("country", "DE", "device", "mobile", "age", "34"));
    private final Assignments assignments;
    /** Consumed results, printed at the end so that the JIT cannot drop the calls. */
    private long sink;

    private AssignmentRatio() {
        for (int i = 0; i < IDS; i++) {
            units[i] = "customer-" + (i * 7919L);
        }
        // The same four definitions as AssignmentBench, so the two benches measure the same thing.
        ExperimentDefinition d = new ExperimentDefinition("homepage-recs", "", null, 100, List.of(
                new Treatment("C", 25, "item-to-item"), new Treatment("T1", 25, "bestseller"),
                new Treatment("T2", 25, "user-based"), new Treatment("T3", 25, "autoencoder")), null, null);
        Catalog catalog = new Catalog();
        catalog.put(running(d));
        ExperimentDefinition targeted = DefinitionJson.parse(DefinitionJson.write(d).replace("\"homepage-recs\"",
                "\"targeted-recs\"").replaceFirst("}$", ",\"targeting\":{\"country\":{\"in\":[\"AT\",\"CH\",\"DE\"]},"
                + "\"device\":{\"eq\":\"mobile\"}}}"));
        catalog.put(running(targeted));
        String layer = ",\"layer\":{\"name\":\"home-row\",\"buckets\":[0,10000]}}";
        catalog.put(running(DefinitionJson.parse(DefinitionJson.write(d).replace("\"homepage-recs\"",
                "\"layered-recs\"").replaceFirst("}$", layer))));
        catalog.put(running(DefinitionJson.parse(DefinitionJson.write(targeted).replace("\"targeted-recs\"",
                "\"layered-targeted\"").replaceFirst("}$", layer))));
        assignments = new Assignments(catalog);
        for (String key : KEYS) {
            // A variant that left the unit out would measure the early exit, not the work.
            if (!assignments.assign(key, units[0], attributes).inExperiment()) {
                throw new IllegalStateException(key + " must take the measured units");
            }
        }
    }

    private static Experiment running(ExperimentDefinition d) {
        return new Experiment(d, Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH);
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 2 && args[0].equals("--child")) {
            child(variant(args[1]));
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        AssignmentRatio bench = new AssignmentRatio();
        long nanos = (long) (seconds * 1e9);
        if (args.length > 2) {
            int v = variant(args[2]);
            for (int r = 0; r < rounds; r++) {
                System.out.printf("%s alone, %d: %,.2f M/s%n", VARIANTS[v], r + 1, bench.rate(v, nanos) / 1e6);
            }
            return;
        }
        // Warm-up: every variant long enough for C2 to compile the whole call (rates not kept).
        for (int w = 0; w < 3; w++) {
            for (int v = 0; v < KEYS.length; v++) {
                bench.rate(v, Math.max(nanos, 1_000_000_000L));
            }
        }
        double[][] rates = new double[KEYS.length][rounds];
        double[][] ratios = new double[KEYS.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < KEYS.length; i++) {
                int v = (i + r) % KEYS.length; // rotate the order: no variant always runs first or last
                rates[v][r] = bench.rate(v, nanos);
            }
            StringBuilder line = new StringBuilder(String.format("round %d: plain %,.2f M/s", r + 1, rates[0][r] / 1e6));
            for (int v = 1; v < KEYS.length; v++) {
                ratios[v][r] = rates[v][r] / rates[0][r];
                line.append(String.format(", %s %,.2f M/s (%.2fx)", VARIANTS[v], rates[v][r] / 1e6, ratios[v][r]));
            }
            System.out.println(line);
        }
        System.out.printf("median plain %,.2f M/s (range %,.2f-%,.2f)%n", median(rates[0]) / 1e6,
                min(rates[0]) / 1e6, max(rates[0]) / 1e6);
        for (int v = 1; v < KEYS.length; v++) {
            System.out.printf("median %s / plain: %.2fx (range %.2f-%.2f), %,.2f M/s%n", VARIANTS[v],
                    median(ratios[v]), min(ratios[v]), max(ratios[v]), median(rates[v]) / 1e6);
        }
        System.out.println("(sink " + (bench.sink & 1) + ")");
    }

    static int variant(String name) {
        int v = Arrays.asList(VARIANTS).indexOf(name);
        if (v < 0) {
            throw new IllegalArgumentException("variant: one of " + Arrays.toString(VARIANTS) + ", got " + name);
        }
        return v;
    }

    /**
     * One variant in a JVM of its own, for {@link ForkedAssignmentRatio}: warms up, prints "ready", then
     * for each line "SECONDS" on stdin runs that long and prints the rate; ends at end of input.
     */
    private static void child(int v) throws java.io.IOException {
        AssignmentRatio bench = new AssignmentRatio();
        for (int w = 0; w < 3; w++) {
            bench.rate(v, 1_000_000_000L);
        }
        System.out.println("ready");
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            System.out.println(bench.rate(v, (long) (Double.parseDouble(line.trim()) * 1e9)));
        }
        System.out.println("(sink " + (bench.sink & 1) + ")");
    }

    /** Assignments per second of variant {@code v} over about {@code nanos}. */
    private double rate(int v, long nanos) {
        String key = KEYS[v];
        boolean plain = v == 0;
        long calls = 0;
        int next = 0;
        long acc = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        long now;
        do {
            for (int i = 0; i < CHUNK; i++) {
                String unit = units[next++ & (IDS - 1)];
                // The plain variant calls as callers did before issue 23 (no attributes).
                Assignment a = plain ? assignments.assign(key, unit) : assignments.assign(key, unit, attributes);
                acc += a.treatment().length();
            }
            calls += CHUNK;
            now = System.nanoTime();
        } while (now < end);
        sink += acc;
        return calls / ((now - start) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
