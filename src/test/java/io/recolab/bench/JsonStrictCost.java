package io.recolab.bench;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recolab.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What refusing repeated JSON keys costs (Json's STRICT_DUPLICATE_DETECTION, bc03f29): the project's
 * mapper against the same mapper without that one feature, reading the body of a 100-event batch as
 * clients send it (an exposure and a conversion per unit, as KafkaBench's batches), alternating in
 * short slices in one JVM so both see the same load. Prints each round's ratio (strict / lenient
 * batches per second) and the median. Run:
 * {@code bash src/test/resources/bench/run.sh io.recolab.bench.JsonStrictCost [seconds per phase] [rounds]}.
 */
public final class JsonStrictCost {
    private JsonStrictCost() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        ObjectMapper strict = Json.MAPPER;
        ObjectMapper lenient = Json.MAPPER.copy().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            StringBuilder out = new StringBuilder("{\"events\":[");
            for (int u = 0; u < 50; u++) {
                String unit = "bench-" + b + "-" + u;
                String at = "2026-12-07T10:" + String.format("%02d", u % 60) + ":00Z";
                out.append(u == 0 ? "" : ",").append("{\"id\":\"x-").append(unit).append("\",\"type\":\"exposure\",")
                        .append("\"experiment\":\"kb\",\"unit\":\"").append(unit).append("\",\"timestamp\":\"").append(at)
                        .append("\"},{\"id\":\"c-").append(unit).append("\",\"type\":\"conversion\",\"experiment\":\"kb\",")
                        .append("\"unit\":\"").append(unit).append("\",\"metric\":\"purchase\",\"timestamp\":\"").append(at)
                        .append("\",\"value\":1}");
            }
            bodies.add(out.append("]}").toString());
        }
        long nanos = (long) (seconds * 1e9);
        for (int w = 0; w < 3; w++) {
            rate(strict, bodies, Math.max(nanos, 1_000_000_000L));
            rate(lenient, bodies, Math.max(nanos, 1_000_000_000L));
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean strictFirst = r % 2 == 0; // alternate the order: neither always runs first
            double s = strictFirst ? rate(strict, bodies, nanos) : 0;
            double l = rate(lenient, bodies, nanos);
            if (!strictFirst) {
                s = rate(strict, bodies, nanos);
            }
            ratios[r] = s / l;
            System.out.printf("round %d: strict %,.0f batches/s, lenient %,.0f batches/s (%.3fx)%n", r + 1, s, l, ratios[r]);
        }
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("median strict / lenient: %.3fx (range %.3f-%.3f)%n", sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
    }

    private static long sink;

    private static double rate(ObjectMapper mapper, List<String> bodies, long nanos) throws Exception {
        long calls = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        long now;
        do {
            for (String body : bodies) {
                JsonNode n = mapper.readTree(body);
                sink += n.size();
            }
            calls += bodies.size();
            now = System.nanoTime();
        } while (now < end);
        return calls / ((now - start) / 1e9);
    }
}
