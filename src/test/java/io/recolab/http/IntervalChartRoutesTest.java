package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.charts.ExperimentCharts;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interval charts through the real server: {@code charts/intervals.{png,svg}} for each metric kind
 * (CUPED: the report now carries the plain interval the chart draws beside the adjusted one) and
 * {@code charts/slices.{png,svg}?slice=} (the forest plot), their content types, 404 for an unknown
 * experiment or metric or slice dimension (as {@code results?slice=}), 400 without a slice; and the
 * printable {@code report.html} with every metric and slice, its charts inlined as SVG.
 */
class IntervalChartRoutesTest {
    private static final String SLICED = """
            {"key":"forest","unit":"customer","exposurePercent":100,"slices":["device"],
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial"}]}""";

    @TempDir
    Path tmp;

    @Test
    void intervalChartsForEveryMetricKind() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("kinds"), null)) {
            MetricKindsFixture.send(server, 400);
            for (String metric : List.of("revenue", "items", "items-per-exposure", "purchase")) {
                HttpResponse<byte[]> png = get(server, "/api/v1/experiments/kinds/charts/intervals.png?scale=2&metric=" + metric);
                assertThat(png.statusCode()).as(metric).isEqualTo(200);
                assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
                assertThat(image.getWidth()).isEqualTo(2 * ExperimentCharts.WIDTH);
                var svg = server.get("/api/v1/experiments/kinds/charts/intervals.svg?metric=" + metric);
                assertThat(svg.status()).isEqualTo(200);
                assertThat(svg.contentType()).isEqualTo("image/svg+xml");
                wellFormed(svg.body());
                assertThat(svg.body()).contains("Effect on " + metric).contains("T1 vs C");
            }
            // CUPED: the plain interval is in the report, wider than the adjusted one, and both are drawn.
            JsonNode r = server.get("/api/v1/experiments/kinds/results?metric=revenue").json();
            JsonNode reduction = r.at("/kind/cuped/comparisons/0");
            JsonNode adjusted = r.at("/comparisons/0/relativeCi");
            JsonNode raw = reduction.get("rawRelativeCi");
            assertThat(reduction.get("rawRelativeLift").isNumber()).isTrue();
            assertThat(reduction.get("varianceReduction").asDouble()).isGreaterThan(0);
            assertThat(raw.get(1).asDouble() - raw.get(0).asDouble())
                    .isGreaterThan(adjusted.get(1).asDouble() - adjusted.get(0).asDouble());
            String cuped = server.get("/api/v1/experiments/kinds/charts/intervals.svg?metric=revenue").body();
            assertThat(cuped).contains("T1 vs C, plain").contains("T1 vs C, CUPED (variance -").contains("CUPED-adjusted");
            String html = server.get("/api/v1/experiments/kinds/report.html").body();
            for (String metric : List.of("revenue", "items", "items-per-exposure", "purchase")) {
                assertThat(html).contains("Metric " + metric + " (").contains("Effect on " + metric + " (");
            }
            assertThat(html).contains("CUPED on conversions in the 14 days before exposure: variance reduction T1 ");
            // A metric without CUPED carries no plain interval of its own.
            assertThat(server.get("/api/v1/experiments/kinds/results?metric=items").json().at("/kind/cuped").isNull()).isTrue();

            assertThat(server.get("/api/v1/experiments/nope/charts/intervals.svg").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/kinds/charts/intervals.svg?metric=clicks").status()).isEqualTo(404);
            var misplaced = server.get("/api/v1/experiments/kinds/charts/intervals.png?slice=device");
            assertThat(misplaced.status()).isEqualTo(400);
            assertThat(misplaced.json().get("error").asText()).contains("slice");
            assertThat(get(server, "/api/v1/experiments/kinds/charts/intervals.png", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void slicesChartIsAForestPlotWithTheSampleRatioFlag() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("forest"), null)) {
            assertThat(server.post("/api/v1/experiments", SLICED).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/forest/start", null).status()).isEqualTo(200);
            sendSliced(server);
            HttpResponse<byte[]> png = get(server, "/api/v1/experiments/forest/charts/slices.png?slice=device");
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
            assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getWidth()).isEqualTo(ExperimentCharts.WIDTH);
            var svg = server.get("/api/v1/experiments/forest/charts/slices.svg?slice=device&metric=purchase");
            assertThat(svg.status()).isEqualTo(200);
            assertThat(svg.contentType()).isEqualTo("image/svg+xml");
            wellFormed(svg.body());
            // One row per slice x treatment, the slice with the uneven split flagged, as the slice report says.
            JsonNode report = server.get("/api/v1/experiments/forest/results?slice=device").json();
            for (JsonNode slice : report.get("slices")) {
                String label = slice.get("value").asText() + ": T1 vs C";
                boolean mismatch = slice.at("/srm/mismatch").asBoolean();
                assertThat(svg.body()).as(label).contains(label + (mismatch ? " [SRM]" : ""));
                assertThat(svg.body().contains(label + " [SRM]")).as(label).isEqualTo(mismatch);
            }
            assertThat(svg.body()).contains("tablet: T1 vs C [SRM]").contains("mobile: T1 vs C");

            var missing = server.get("/api/v1/experiments/forest/charts/slices.png");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error").asText()).contains("slice is required");
            assertThat(server.get("/api/v1/experiments/forest/charts/slices.svg?slice=").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/forest/charts/slices.svg?slice=planet").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/forest/results?slice=planet").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/nope/charts/slices.svg?slice=device").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/forest/charts/slices.svg?slice=device&metric=clicks").status())
                    .isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/forest/charts/slices.png?slice=device&scale=7").status()).isEqualTo(400);

            // The printable report: the results page as one HTML document, the charts inlined as SVG, no script.
            HttpResponse<byte[]> page = get(server, "/api/v1/experiments/forest/report.html?test=sequential");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'")
                    .doesNotContain("script-src");
            String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Results: forest</h1>")
                    .contains("Metric purchase (binomial").contains("Metric purchase by device")
                    .contains("sequential test").contains("tablet: T1 vs C [SRM]").contains("Effect on purchase (binomial)")
                    .doesNotContain("<script");
            assertThat(html.split("<svg", -1).length - 1).as("effect, three over time, forest").isEqualTo(5);
            assertThat(server.get("/api/v1/experiments/nope/report.html").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/forest/report.html?alpha=2").status()).isEqualTo(400);
            assertThat(get(server, "/api/v1/experiments/forest/report.html", null).statusCode()).isEqualTo(401);
        }
    }

    /** mobile: 150 per arm (C 10%, T1 20%); tablet: 80 in C, 10 in T1 (a sample-ratio mismatch there only). */
    private static void sendSliced(TestServer server) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 700; i++) {
            ids.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
        }
        List<String> c = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"forest\"]}")
                .json().get("assignments")) {
            (a.get("treatment").asText().equals("C") ? c : t).add(a.get("unit").asText());
        }
        Instant at = Instant.now().minusSeconds(60);
        List<String> events = new ArrayList<>();
        add(events, c.subList(0, 150), "mobile", 10, at);
        add(events, t.subList(0, 150), "mobile", 5, at);
        add(events, c.subList(150, 230), "tablet", 10, at);
        add(events, t.subList(150, 160), "tablet", 5, at);
        var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",", events) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static void add(List<String> events, List<String> units, String device, int convertEvery, Instant at) {
        for (int i = 0; i < units.size(); i++) {
            String u = units.get(i);
            events.add("{\"id\":\"x" + u + "\",\"type\":\"exposure\",\"experiment\":\"forest\",\"unit\":\"" + u
                    + "\",\"timestamp\":\"" + at + "\",\"attributes\":{\"device\":\"" + device + "\"}}");
            if (i % convertEvery == 0) {
                events.add("{\"id\":\"p" + u + "\",\"type\":\"conversion\",\"experiment\":\"forest\",\"unit\":\"" + u
                        + "\",\"metric\":\"purchase\",\"timestamp\":\"" + at.plusSeconds(5) + "\"}");
            }
        }
    }

    private static void wellFormed(String svg) throws Exception {
        assertThat(svg).startsWith("<?xml").contains("<svg").doesNotContain("<script");
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network
        xml.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));
    }

    private static HttpResponse<byte[]> get(TestServer server, String path) {
        return get(server, path, TestServer.ADMIN_KEY);
    }

    private static HttpResponse<byte[]> get(TestServer server, String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
