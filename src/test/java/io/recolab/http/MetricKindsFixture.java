package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An experiment with every metric kind of issue 22.7 and seeded traffic sent through the public API,
 * together with what each exposed unit's values must be, worked out here from the events as sent (the
 * windows applied by hand), so a test can check what the server read against it.
 * Metrics: {@code revenue} (mean, capped at p90, CUPED on its own conversions before exposure),
 * {@code items} (mean), {@code items-per-exposure} (ratio items / exposures), {@code purchase}
 * (binomial, CUPED on interactions before exposure).
 */
public final class MetricKindsFixture {
    public static final String KEY = "kinds";
    public static final String DEFINITION = """
            {"key":"kinds","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"revenue","type":"mean","windowDays":14,"cap":{"percentile":90},"cuped":true},
                        {"name":"items","type":"mean","windowDays":14},
                        {"name":"items-per-exposure","type":"ratio","numerator":"items","denominator":"exposures","windowDays":14},
                        {"name":"purchase","type":"binomial","windowDays":14,"cuped":"interactions"}]}""";

    /** Per exposed unit, in the order sent: arm (0 = C), revenue, pre-revenue, items, exposures, purchase, interactions before. */
    public record Units(int[] arm, double[] revenue, double[] preRevenue, double[] items, double[] exposures,
                        double[] purchase, double[] interactionsBefore) {
    }

    private MetricKindsFixture() {
    }

    public static Units send(TestServer server, int count) {
        assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/" + KEY + "/start", null).status()).isEqualTo(200);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ids.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        }
        JsonNode assignments = server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"" + KEY
                + "\"]}").json().get("assignments");
        Instant t0 = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
        server.backdateStart(KEY, t0.minus(Duration.ofDays(1)));
        SplittableRandom r = new SplittableRandom(2213);
        Units u = new Units(new int[count], new double[count], new double[count], new double[count], new double[count],
                new double[count], new double[count]);
        List<String> events = new ArrayList<>();
        List<String> interactions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String unit = "k" + i;
            boolean treated = assignments.get(i).get("treatment").asText().equals("T1");
            u.arm()[i] = treated ? 1 : 0;
            Instant first = t0.plus(Duration.ofHours(i % 30));
            int shown = 1 + i % 3;
            for (int e = 0; e < shown; e++) {
                events.add(event("x" + i + "-" + e, "exposure", unit, null, 0, first.plus(Duration.ofHours(e))));
            }
            if (i % 4 == 0) { // after the 14-day window: an analysed exposure, but not in the ratio's denominator
                events.add(event("x" + i + "-late", "exposure", unit, null, 0, first.plus(Duration.ofDays(15))));
            }
            u.exposures()[i] = shown;
            // Revenue before the exposure: inside the 14 days before (the covariate), and long before (ignored).
            double habit = i % 2 == 0 ? Math.round(100 * Math.exp(2 + r.nextGaussian())) / 100.0 : 0;
            if (habit > 0) {
                events.add(event("p" + i, "conversion", unit, "revenue", habit, first.minus(Duration.ofDays(3))));
                u.preRevenue()[i] = habit;
            }
            if (i % 7 == 0) {
                events.add(event("old" + i, "conversion", unit, "revenue", 1000, first.minus(Duration.ofDays(20))));
            }
            double spend = r.nextDouble() < 0.5 ? Math.round(100 * (1.5 * habit + Math.exp(1.5 + r.nextGaussian())
                    * (treated ? 1.2 : 1))) / 100.0 : 0;
            if (i % 97 == 5) {
                spend = 5000; // an outlier the cap tames
            }
            if (spend > 0) {
                events.add(event("r" + i, "conversion", unit, "revenue", spend, first.plus(Duration.ofDays(1))));
                u.revenue()[i] = spend;
            }
            int bought = 0;
            for (int e = 0; e < shown; e++) {
                if (r.nextDouble() < (treated ? 0.35 : 0.25)) {
                    events.add(event("i" + i + "-" + e, "conversion", unit, "items", 1, first.plus(Duration.ofMinutes(30 + e))));
                    bought++;
                }
            }
            u.items()[i] = bought;
            boolean browsed = r.nextDouble() < 0.4;
            if (browsed) {
                interactions.add("{\"customer\":\"" + unit + "\",\"item\":\"a" + (i % 50) + "\",\"timestamp\":\""
                        + first.minus(Duration.ofDays(2)) + "\"}");
                interactions.add("{\"customer\":\"" + unit + "\",\"item\":\"b" + (i % 50) + "\",\"timestamp\":\""
                        + first.minus(Duration.ofDays(30)) + "\"}"); // before the window: ignored
                u.interactionsBefore()[i] = 1;
            }
            if (r.nextDouble() < (browsed ? 0.5 : 0.15)) {
                events.add(event("b" + i, "conversion", unit, "purchase", 1, first.plus(Duration.ofHours(5))));
                u.purchase()[i] = 1;
            }
        }
        for (int from = 0; from < events.size(); from += 1000) {
            var res = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                    events.subList(from, Math.min(events.size(), from + 1000))) + "]}");
            assertThat(res.status()).as(res.body()).isEqualTo(200);
        }
        for (int from = 0; from < interactions.size(); from += 1000) {
            var res = server.post("/api/v1/interactions", "{\"interactions\":[" + String.join(",",
                    interactions.subList(from, Math.min(interactions.size(), from + 1000))) + "]}");
            assertThat(res.status()).as(res.body()).isBetween(200, 202);
        }
        return u;
    }

    private static String event(String id, String type, String unit, String metric, double value, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"" + KEY + "\",\"unit\":\"" + unit + "\""
                + (metric == null ? "" : ",\"metric\":\"" + metric + "\",\"value\":" + String.format(Locale.ROOT, "%.2f", value))
                + ",\"timestamp\":\"" + at + "\"}";
    }
}
