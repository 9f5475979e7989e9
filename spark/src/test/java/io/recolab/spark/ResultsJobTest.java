package io.recolab.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recolab.app.Recolab;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The server's results computed from the job's rollups equal those from its own: a real server (H2)
 * ingests events over HTTP (out of order, retried, conversions before the exposure and after the window,
 * of units never exposed), answers its results; its exports go through the job, which replaces the
 * experiment's rollup rows in the server's database; the server answers again, and every field of both
 * metrics' results (counts exactly, sums and statistics to 1e-9) is the same. The third metric is
 * CUPED-adjusted: the server computes it from each unit (experiment_units and the units' earlier
 * conversions); after the job it has no unit rows (deleted), so its equal answer comes from the job's
 * pre-period sums (job_pre_period, analysis.JobPrePeriodReader).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsJobTest {
    private static final String KEY = "spark-results";
    private static final String ADMIN = "rlk_sparkResultsJobTestAdminKey0123456789abcdefgh";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFINITION = """
            {"key": "spark-results", "exposurePercent": 100,
             "treatments": [{"name": "C", "weight": 1, "recommender": "bestseller"},
                            {"name": "T1", "weight": 1, "recommender": "item-to-item"}],
             "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14},
                         {"name": "revenue", "type": "mean", "windowDays": 3},
                         {"name": "spend", "type": "mean", "windowDays": 5, "cuped": true},
                         {"name": "basket", "type": "mean", "windowDays": 3}]}""";

    private Path tmp;
    private Recolab app;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The events sent, for the CUPED sums computed here by hand. */
    private final List<Map<String, Object>> sent = new ArrayList<>();

    @BeforeAll
    void startServer() throws Exception {
        tmp = Files.createTempDirectory("results-job-test");
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve(KEY + ".json"), DEFINITION);
        app = Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp.resolve("data"), null, experiments, ADMIN, 200));
        assertThat(call("POST", "/api/v1/experiments/" + KEY + "/start", null).statusCode()).isEqualTo(200);
        backdateStart(Instant.now().minus(30, ChronoUnit.DAYS));
    }

    /**
     * The events are dated up to 20 days back, and exposures dated before an experiment's start are
     * excluded from its results: the experiment is made to have started before them, in the store.
     */
    private void backdateStart(Instant at) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                io.recolab.store.Database.h2Url(tmp.resolve("data")), "sa", "")) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "UPDATE experiments SET started_at = ? WHERE experiment_key = ?")) {
                ps.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
                ps.setString(2, KEY);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE change_counters SET counter = counter + 1 WHERE name = 'experiments'");
            }
        }
        app.experiments().refresh();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    @Test
    void serverResultsFromTheJobsRollupsEqualThoseFromItsOwn() throws Exception {
        sendEvents();
        stopThenConvert();
        JsonNode purchase = results("purchase");
        JsonNode revenue = results("revenue");
        JsonNode spend = results("spend");
        JsonNode basket = results("basket");
        assertThat(spend.at("/kind/source").asText()).isEqualTo("units");
        assertThat(spend.at("/kind/cuped/unitsWithCovariate").asLong()).as(spend.toString()).isGreaterThan(0);
        assertThat(purchase.at("/treatments/0/units").asLong() + purchase.at("/treatments/1/units").asLong()).isGreaterThan(200);

        Path export = Files.createDirectories(tmp.resolve("export"));
        for (String what : new String[] {"exposures", "conversions"}) {
            HttpResponse<byte[]> r = http.send(request("GET", "/api/v1/experiments/" + KEY + "/export/" + what + ".jsonl", null),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            Files.write(export.resolve(what + ".jsonl"), r.body());
        }

        String jdbc = Database.h2Url(tmp.resolve("data"));
        try (Connection c = DriverManager.getConnection(jdbc, "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM daily_metrics WHERE experiment_key = '" + KEY + "'");
            s.executeUpdate("DELETE FROM daily_exposures WHERE experiment_key = '" + KEY + "'");
            // the unit-level path has nothing left to read: CUPED's answer can only come from the job
            s.executeUpdate("DELETE FROM experiment_units WHERE experiment_key = '" + KEY + "'");
        }
        assertThat(results("purchase").at("/treatments/0/units").asLong()).as("rollups wiped").isZero();

        ExperimentDefinition definition = DefinitionJson.parse(DEFINITION);
        ResultsJob.Summary summary = ResultsJob.run(LocalSpark.session(), definition, new ResultsJob.Options(
                export.toString(), "jsonl", tmp.resolve("rollups").toString(), jdbc, "sa", ""));
        assertThat(summary.duplicateEvents()).isZero(); // the export holds each stored event once

        assertSameResults(results("purchase"), purchase, "");
        assertSameResults(results("revenue"), revenue, "");
        // Large, close values: the job's sums of squares keep their spread (the server's own are exact decimals).
        assertSameResults(results("basket"), basket, "");
        // sd about 1 over about 200 units an arm: an interval about 0.28 wide, not one lost in rounding
        double width = basket.at("/treatments/0/meanCi/1").asDouble() - basket.at("/treatments/0/meanCi/0").asDouble();
        assertThat(width).as(basket.toString()).isBetween(0.15, 0.5);
        assertSameResults(results("spend"), spend, "");
        assertCupedSums(summary, definition);
    }

    /**
     * After the stop, units see the control: their conversions that occur from then on are stored but
     * not counted (excludedConversions.stopped), while one that occurred before the stop and is
     * reported late still counts. The job must agree, from the exports' in_experiment alone.
     */
    private void stopThenConvert() throws Exception {
        JsonNode before = results("purchase");
        Instant running = Instant.now().minusSeconds(1);
        assertThat(call("POST", "/api/v1/experiments/" + KEY + "/stop", null).statusCode()).isEqualTo(200);
        List<Map<String, Object>> after = new ArrayList<>();
        for (int u = 0; u < 400; u++) {
            after.add(event("u" + u + "-after-stop", "conversion", "u" + u, Instant.now(), "purchase", 1));
        }
        sent.addAll(after);
        for (int i = 0; i < after.size(); i += 100) {
            JsonNode receipt = JSON.readTree(post(after.subList(i, i + 100)));
            assertThat(receipt.at("/excludedConversions/stopped").asInt()).as(receipt.toString()).isEqualTo(100);
        }
        JsonNode stopped = results("purchase");
        assertThat(stopped.at("/excludedConversions/stopped").asLong()).isEqualTo(400);
        assertSameResults(stopped.get("treatments"), before.get("treatments"), "/treatments");
        assertSameResults(stopped.get("comparisons"), before.get("comparisons"), "/comparisons");
        Map<String, Object> late = event("u1-late", "conversion", "u1", running, "purchase", 1);
        sent.add(late);
        JsonNode receipt = JSON.readTree(post(List.of(late)));
        assertThat(receipt.get("accepted").asInt()).isEqualTo(1);
        assertThat(receipt.get("excludedConversions").size()).as(receipt.toString()).isZero();
    }

    /** Conversions of the window before a unit's first exposure, summed here by hand, equal the job's pre-period sums. */
    private void assertCupedSums(ResultsJob.Summary summary, ExperimentDefinition definition) {
        Map<String, Instant> first = new HashMap<>();
        for (Map<String, Object> e : sent) {
            if (e.get("type").equals("exposure")) {
                first.merge((String) e.get("unit"), Instant.parse((String) e.get("timestamp")),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Double> pre = new HashMap<>(); // unit -> spend in the 5 days before its first exposure
        Map<String, Double> post = new HashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Map<String, Object> e : sent) {
            if (!e.get("type").equals("conversion") || !e.get("metric").equals("spend") || !ids.add((String) e.get("id"))) {
                continue;
            }
            Instant f = first.get((String) e.get("unit"));
            Instant at = Instant.parse((String) e.get("timestamp"));
            if (f == null) {
                continue;
            }
            double v = ((Number) e.get("value")).doubleValue();
            if (!at.isBefore(f.minus(Duration.ofDays(5))) && at.isBefore(f)) {
                pre.merge((String) e.get("unit"), v, Double::sum);
            } else if (!at.isBefore(f) && at.isBefore(f.plus(Duration.ofDays(5)))) {
                post.merge((String) e.get("unit"), v, Double::sum);
            }
        }
        double preSum = pre.values().stream().mapToDouble(Double::doubleValue).sum();
        double products = pre.entrySet().stream().mapToDouble(x -> x.getValue() * post.getOrDefault(x.getKey(), 0.0)).sum();
        double jobPre = summary.metrics().stream().filter(m -> m.metric().equals("spend")).mapToDouble(ResultsJob.MetricRow::preSum).sum();
        double jobProducts = summary.metrics().stream().filter(m -> m.metric().equals("spend"))
                .mapToDouble(ResultsJob.MetricRow::sumProducts).sum();
        assertThat(preSum).isGreaterThan(0);
        assertThat(products).isGreaterThan(0);
        assertThat(jobPre).isCloseTo(preSum, within(1e-6));
        assertThat(jobProducts).isCloseTo(products, within(1e-6));
    }

    /** Same fields, same values: numbers to 1e-9 (relative) since sums were added in another order. */
    private static void assertSameResults(JsonNode actual, JsonNode expected, String path) {
        if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(path).isTrue();
            double e = expected.asDouble();
            assertThat(actual.asDouble()).as(path).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        } else if (expected.isObject()) {
            assertThat(actual.isObject()).as(path).isTrue();
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as(path).isEqualTo(names);
            for (String name : names) {
                assertSameResults(actual.get(name), expected.get(name), path + "/" + name);
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameResults(actual.get(i), expected.get(i), path + "/" + i);
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private void sendEvents() throws Exception {
        Random random = new Random(21);
        // Every unit's basket: 1e7 +- about 1 (issue 22.4): its variance survives only sums that keep the spread.
        Random baskets = new Random(22);
        Instant start = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int u = 0; u < 400; u++) {
            String unit = "u" + u;
            Instant exposed = start.plusSeconds(random.nextInt(10 * 86_400));
            events.add(event(unit + "-x1", "exposure", unit, exposed, null, 0));
            if (u % 4 == 0) { // a second, later exposure; and for some an earlier one arriving later (out of order)
                events.add(event(unit + "-x2", "exposure", unit, exposed.plusSeconds(3_600), null, 0));
            }
            if (u % 9 == 0) {
                events.add(event(unit + "-x0", "exposure", unit, exposed.minusSeconds(30_000), null, 0));
            }
            events.add(event(unit + "-b", "conversion", unit, exposed.plusSeconds(60), "basket",
                    1e7 + Math.round(baskets.nextGaussian() * 100) / 100.0));
            int conversions = random.nextInt(6);
            for (int k = 0; k < conversions; k++) {
                // from 4 days before (pre-period, or not counted) to 16 days after (past both windows)
                Instant at = exposed.plusSeconds(random.nextInt(20 * 86_400) - 4 * 86_400);
                if (at.isAfter(Instant.now())) {
                    continue;
                }
                String metric = new String[] {"purchase", "revenue", "spend"}[random.nextInt(3)];
                events.add(event(unit + "-c" + k, "conversion", unit, at, metric,
                        metric.equals("purchase") ? 1 : Math.round(random.nextDouble() * 10_000) / 100.0));
            }
        }
        for (int u = 0; u < 20; u++) { // units never exposed: stored, never counted
            events.add(event("ghost" + u, "conversion", "ghost" + u, start.plusSeconds(u * 1000L), "purchase", 1));
        }
        java.util.Collections.shuffle(events, random);
        sent.addAll(events);
        for (int i = 0; i < events.size(); i += 50) {
            List<Map<String, Object>> batch = events.subList(i, Math.min(events.size(), i + 50));
            post(batch);
            if (i % 200 == 0) {
                post(batch); // a retry: duplicates, counted once
            }
        }
    }

    private String post(List<Map<String, Object>> batch) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/events", JSON.writeValueAsString(Map.of("events", batch)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static Map<String, Object> event(String id, String type, String unit, Instant at, String metric, double value) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("id", id);
        e.put("type", type);
        e.put("experiment", KEY);
        e.put("unit", unit);
        e.put("timestamp", at.toString());
        if (metric != null) {
            e.put("metric", metric);
            e.put("value", value);
        }
        return e;
    }

    private JsonNode results(String metric) throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/experiments/" + KEY + "/results?metric=" + metric, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(60)).build();
    }
}
