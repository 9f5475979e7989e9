package io.recolab.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.cli.Main;
import io.recolab.json.Json;
import io.recolab.testing.ConsoleCapture;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import io.recolab.ui.Traffic;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exports round-trip: written by the server (and by the export command), parsed with a CSV
 * parser and a JSON parser, and compared with the results API's own numbers.
 */
class ExportsIntegrationTest {
    private static final String DEFINITION = """
            {"key":"exp","treatments":[
              {"name":"C","weight":50,"recommender":"bestseller"},{"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14},{"name":"revenue","type":"mean","windowDays":14}]}""";
    private static final String EVIL_UNIT = "=HYPERLINK(\"http://x\",\"a, b\")";

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void exportsRoundTripAndMatchTheApiAndTheCommand(Stores.Kind kind) throws Exception {
        Map<String, byte[]> downloaded = new HashMap<>();
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/exp/start", "").status()).isEqualTo(200);
            Traffic.send(server, "exp", "purchase", Map.of("C", 200, "T1", 200), Map.of("C", 0.10, "T1", 0.25), 3);
            Instant now = Instant.now();
            String extra = """
                    {"events":[{"id":"evil-x","type":"exposure","experiment":"exp","unit":%s,"timestamp":"%s","items":["i1","-2"]},
                     {"id":"evil-c","type":"conversion","experiment":"exp","unit":%s,"metric":"revenue","value":12.5,"timestamp":"%s"},
                     {"id":"old","type":"exposure","experiment":"exp","unit":"u-old","timestamp":"2020-01-01T10:00:00Z"}]}"""
                    .formatted(Json.write(EVIL_UNIT), now.minusSeconds(60), Json.write(EVIL_UNIT), now.minusSeconds(30));
            assertThat(server.post("/api/v1/events", extra).status()).isEqualTo(200);

            for (String file : ExportFile.fileNames()) {
                HttpResponse<byte[]> r = get(server, "/api/v1/experiments/exp/export/" + file, TestServer.ADMIN_KEY);
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type").orElseThrow()).as(file)
                        .startsWith(file.endsWith(".csv") ? "text/csv" : "application/x-ndjson");
                assertThat(r.headers().firstValue("content-disposition").orElseThrow()).contains("exp-" + file);
                downloaded.put(file, r.body());
            }

            // results.csv: one row per treatment x metric, every number as the results API has it.
            List<CSVRecord> results = csv(downloaded.get("results.csv"));
            assertThat(results).hasSize(4);
            for (String metric : List.of("purchase", "revenue")) {
                JsonNode api = server.get("/api/v1/experiments/exp/results?metric=" + metric).json();
                for (JsonNode t : api.get("treatments")) {
                    CSVRecord row = results.stream().filter(r -> r.get("metric").equals(metric)
                            && r.get("treatment").equals(t.get("name").asText())).findFirst().orElseThrow();
                    assertThat(Long.parseLong(row.get("units"))).isEqualTo(t.get("units").asLong());
                    assertThat(Double.parseDouble(row.get("sum"))).isCloseTo(t.get("sum").asDouble(), within(1e-9));
                    assertThat(Double.parseDouble(row.get("mean"))).isCloseTo(t.get("mean").asDouble(), within(1e-12));
                    assertThat(row.get("recommender")).isEqualTo(t.get("recommender").asText());
                }
                JsonNode c = api.get("comparisons").get(0);
                CSVRecord t1 = results.stream().filter(r -> r.get("metric").equals(metric) && r.get("treatment").equals("T1"))
                        .findFirst().orElseThrow();
                sameNumber(t1.get("relative_lift"), c.get("relativeLift"));
                sameNumber(t1.get("relative_ci_low"), c.path("relativeCi").path(0));
                sameNumber(t1.get("relative_ci_high"), c.path("relativeCi").path(1));
                sameNumber(t1.get("absolute_lift"), c.get("absoluteLift"));
                sameNumber(t1.get("p_value"), c.get("pValue"));
                sameNumber(t1.get("adjusted_p_value"), c.get("adjustedPValue"));
                sameNumber(t1.get("chance_to_win"), c.get("chanceToWin"));
                assertThat(t1.get("significant")).isEqualTo(c.get("significant").isNull() ? "" : c.get("significant").asText());
                sameNumber(t1.get("srm_p_value"), api.get("srm").get("pValue"));
                assertThat(results.stream().filter(r -> r.get("treatment").equals("C")).map(r -> r.get("p_value"))).containsOnly("");
            }
            // The single-metric table is the results page's ?format=csv, byte for byte.
            assertThat(get(server, "/api/v1/experiments/exp/export/results.csv?metric=purchase", TestServer.ADMIN_KEY).body())
                    .isEqualTo(server.get("/api/v1/experiments/exp/results?metric=purchase&format=csv").body()
                            .getBytes(StandardCharsets.UTF_8));

            // daily.csv: the days add up to the totals; the last lift equals the results table's.
            List<CSVRecord> daily = csv(downloaded.get("daily.csv"));
            JsonNode purchase = server.get("/api/v1/experiments/exp/results?metric=purchase").json();
            long units = daily.stream().filter(r -> r.get("metric").equals("purchase")).mapToLong(r -> Long.parseLong(r.get("units"))).sum();
            long conversions = daily.stream().filter(r -> r.get("metric").equals("purchase"))
                    .mapToLong(r -> Long.parseLong(r.get("conversions"))).sum();
            assertThat(units).isEqualTo(purchase.get("treatments").get(0).get("units").asLong()
                    + purchase.get("treatments").get(1).get("units").asLong());
            assertThat(conversions).isEqualTo(purchase.get("treatments").get(0).get("conversions").asLong()
                    + purchase.get("treatments").get(1).get("conversions").asLong());
            CSVRecord lastT1 = daily.stream().filter(r -> r.get("metric").equals("purchase") && r.get("treatment").equals("T1"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(Double.parseDouble(lastT1.get("cumulative_relative_lift")))
                    .isCloseTo(purchase.get("comparisons").get(0).get("relativeLift").asDouble(), within(1e-12));

            // Raw events: every exposure once; the evil unit is defused in CSV, untouched in JSON lines.
            List<CSVRecord> exposures = csv(downloaded.get("exposures.csv"));
            assertThat(exposures).hasSize(402);
            assertThat(exposures.get(0).get("id")).isEqualTo("old"); // timestamp order
            CSVRecord evil = exposures.stream().filter(r -> r.get("id").equals("evil-x")).findFirst().orElseThrow();
            assertThat(evil.get("unit")).isEqualTo("'" + EVIL_UNIT);
            assertThat(evil.get("items")).isEqualTo("[\"i1\",\"-2\"]");
            assertThat(evil.get("type")).isEqualTo("exposure");
            List<JsonNode> exposureLines = jsonl(downloaded.get("exposures.jsonl"));
            assertThat(exposureLines).hasSize(402);
            JsonNode evilJson = exposureLines.stream().filter(n -> n.get("id").asText().equals("evil-x")).findFirst().orElseThrow();
            assertThat(evilJson.get("unit").asText()).isEqualTo(EVIL_UNIT);
            assertThat(evilJson.get("items").get(1).asText()).isEqualTo("-2");
            assertThat(evilJson.get("in_experiment").isBoolean()).isTrue();
            // Numbers as the CSV writes them: whole values without ".0" (docs/operations.md, Formats).
            assertThat(new String(downloaded.get("exposures.jsonl"), StandardCharsets.UTF_8)).contains("\"value\":1,")
                    .doesNotContain("\"value\":1.0");
            List<CSVRecord> conversionRows = csv(downloaded.get("conversions.csv"));
            assertThat(conversionRows).hasSize(20 + 50 + 1);
            CSVRecord revenue = conversionRows.stream().filter(r -> r.get("metric").equals("revenue")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(revenue.get("value"))).isEqualTo(12.5);
            assertThat(jsonl(downloaded.get("conversions.jsonl"))).hasSize(71);
            assertThat(jsonl(downloaded.get("results.jsonl"))).hasSize(4)
                    .allSatisfy(n -> assertThat(n.get("units").isIntegralNumber()).isTrue());

            // Date filters: inclusive days on the events' timestamps; bad input is a 400.
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(csv(get(server, "/api/v1/experiments/exp/export/exposures.csv?from=2020-01-01&to=2020-01-01",
                    TestServer.ADMIN_KEY).body())).extracting(r -> r.get("id")).containsExactly("old");
            assertThat(csv(get(server, "/api/v1/experiments/exp/export/exposures.csv?from=" + today.plusDays(1),
                    TestServer.ADMIN_KEY).body())).isEmpty();
            assertThat(csv(get(server, "/api/v1/experiments/exp/export/conversions.csv?metric=revenue",
                    TestServer.ADMIN_KEY).body())).hasSize(1);
            assertThat(server.get("/api/v1/experiments/exp/export/exposures.csv?from=2020-13-01").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/exp/export/exposures.csv?from=2020-02-02&to=2020-02-01").json()
                    .get("error").asText()).contains("must not be after");
            assertThat(server.get("/api/v1/experiments/exp/export/results.csv?from=2020-02-02").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/exp/export/daily.csv?metric=clicks").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/nope/export/exposures.csv").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/exp/export/exposures.xlsx").status()).isEqualTo(404);
            String assignOnly = server.post("/api/v1/keys", "{\"label\":\"svc\",\"scopes\":[\"assign\"]}").json().get("key").asText();
            assertThat(get(server, "/api/v1/experiments/exp/export/exposures.csv", assignOnly).statusCode()).isEqualTo(403);
            assertThat(get(server, "/api/v1/experiments/exp/export/exposures.csv", null).statusCode()).isEqualTo(401);
            if (kind == Stores.Kind.POSTGRESQL) {
                exportCommandWritesTheDownloads(downloaded, "--db", server.jdbcUrl());
            }
        }

        if (kind == Stores.Kind.H2) {
            // An H2 file belongs to one process: the command runs once the server is gone.
            exportCommandWritesTheDownloads(downloaded, "--data-dir", tmp.resolve("data").toString());
        }
    }

    /** The export command writes the same bytes from the database as the server sent. */
    private void exportCommandWritesTheDownloads(Map<String, byte[]> downloaded, String... store) throws Exception {
        Path out = tmp.resolve("out");
        for (String format : List.of("csv", "jsonl")) {
            String[] args = concat(new String[] {"export", "--experiment", "exp", "--format", format, "--out", out.toString()}, store);
            assertThat(Main.run(args)).as(console.err.toString(StandardCharsets.UTF_8)).isZero();
            for (ExportFile f : ExportFile.values()) {
                String name = f.fileName(ExportFormat.parse(format));
                assertThat(Files.readAllBytes(out.resolve("exp-" + name))).as(name).isEqualTo(downloaded.get(name));
            }
        }
        assertThat(console.out.toString(StandardCharsets.UTF_8)).contains("wrote " + out.resolve("exp-exposures.jsonl"));
        assertThat(console.err.toString(StandardCharsets.UTF_8)).contains("export exposures.csv:");

        // One file asked for: a filter it cannot take is refused, as the HTTP download refuses it.
        assertThat(Main.run(concat(new String[] {"export", "--experiment", "exp", "--what", "exposures", "--metric", "purchase",
                "--out", out.toString()}, store))).isEqualTo(2);
        assertThat(console.err.toString(StandardCharsets.UTF_8)).contains("--what exposures:");
        assertThat(Main.run(concat(new String[] {"export", "--experiment", "exp", "--what", "results", "--from", "2026-01-01",
                "--out", out.toString()}, store))).isEqualTo(2);
        assertThat(Main.run(concat(new String[] {"export", "--experiment", "exp", "--what", "all,results",
                "--out", out.toString()}, store))).isEqualTo(2);
        assertThat(console.err.toString(StandardCharsets.UTF_8)).contains("all stands alone");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(Main.run(concat(new String[] {"export", "--experiment", "exp", "--out", file.toString()}, store))).isEqualTo(2);
        assertThat(console.err.toString(StandardCharsets.UTF_8)).contains("--out " + file + " exists and is not a directory");
    }

    /** A cell holds exactly the API's number, and is empty where the API has none. */
    private static void sameNumber(String cell, JsonNode api) {
        if (api == null || api.isNull() || api.isMissingNode()) {
            assertThat(cell).isEmpty();
        } else {
            assertThat(Double.parseDouble(cell)).isEqualTo(api.asDouble());
        }
    }

    static List<CSVRecord> csv(byte[] body) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(body, StandardCharsets.UTF_8))).getRecords();
    }

    static List<JsonNode> jsonl(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : text.lines().map(Json::parse).toList();
    }

    static HttpResponse<byte[]> get(TestServer server, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
