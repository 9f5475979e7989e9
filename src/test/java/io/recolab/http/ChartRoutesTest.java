package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.charts.ExperimentCharts;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import io.recolab.ui.Traffic;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's endpoints on a real server: charts as PNG, the CSV exports and the recommender names. */
class ChartRoutesTest {
    private static final String DEFINITION = """
            {"key":"charts","description":"chart check","treatments":[
              {"name":"C","weight":50,"recommender":"bestseller"},{"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    @Test
    void chartsExportsAndRecommenders() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            // Before any event the charts still draw (an empty chart that says so).
            assertThat(png(server, "/api/v1/experiments/charts/charts/lift.png", TestServer.ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(server.post("/api/v1/experiments/charts/start", "").status()).isEqualTo(200);
            Traffic.send(server, "charts", "purchase", Map.of("C", 300, "T1", 300), Map.of("C", 0.10, "T1", 0.20), 3);

            for (String name : ExperimentCharts.NAMES) {
                HttpResponse<byte[]> r = png(server, "/api/v1/experiments/charts/charts/" + name + ".png?scale=2&test=sequential",
                        TestServer.ADMIN_KEY);
                assertThat(r.statusCode()).as(name).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
                assertThat(image.getWidth()).isEqualTo(2 * ExperimentCharts.WIDTH);
                assertThat(image.getHeight()).isEqualTo(2 * ExperimentCharts.HEIGHT);
            }
            assertThat(png(server, "/api/v1/experiments/charts/charts/cumulative.png", TestServer.ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(server.get("/api/v1/experiments/charts/charts/pie.png").status()).isEqualTo(404);
            for (String name : ExperimentCharts.NAMES) {
                var svg = server.get("/api/v1/experiments/charts/charts/" + name + ".svg?test=sequential");
                assertThat(svg.status()).as(name).isEqualTo(200);
                assertThat(svg.contentType()).isEqualTo("image/svg+xml");
                String body = svg.body();
                assertThat(body.startsWith("<?xml") && body.contains("<svg") && body.contains(">T1 ") && !body.contains("<script"))
                        .as(name + " is an SVG document naming the treatment").isTrue();
                // A well-formed XML document (a browser or an editor would refuse anything else).
                var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
                xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network
                xml.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(svg.body())));
            }
            assertThat(server.get("/api/v1/experiments/charts/charts/lift.gif").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/charts/charts/lift.png?scale=9").json().get("error").asText())
                    .contains("scale must be 1, 2 or 3");
            assertThat(server.get("/api/v1/experiments/charts/charts/lift.png?test=magic").status()).isEqualTo(400);
            assertThat(server.get("/api/v1/experiments/nope/charts/lift.png").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/charts/charts/lift.png?metric=clicks").status()).isEqualTo(404);
            assertThat(png(server, "/api/v1/experiments/charts/charts/lift.png", null).statusCode()).isEqualTo(401);

            var results = server.get("/api/v1/experiments/charts/export/results.csv");
            assertThat(results.status()).isEqualTo(200);
            assertThat(results.contentType()).startsWith("text/csv");
            assertThat(results.body()).isEqualTo(server.get("/api/v1/experiments/charts/results?format=csv").body());
            assertThat(results.body().split("\n")).hasSize(3);
            assertThat(results.body().split("\n")[1]).startsWith("charts,purchase,C,bestseller,300,30,");
            assertThat(results.body().split("\n")[2]).startsWith("charts,purchase,T1,item-to-item,300,60,");

            var daily = server.get("/api/v1/experiments/charts/export/daily.csv");
            assertThat(daily.status()).isEqualTo(200);
            String[] lines = daily.body().split("\r\n"); // RFC 4180 line ends
            assertThat(lines[0]).isEqualTo(String.join(",", io.recolab.export.DailyRows.COLUMNS));
            long units = 0;
            long conversions = 0;
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",", -1);
                assertThat(f).hasSize(io.recolab.export.DailyRows.COLUMNS.size());
                assertThat(f[0]).isEqualTo("charts");
                units += Long.parseLong(f[4]);
                conversions += Long.parseLong(f[5]);
            }
            assertThat(units).isEqualTo(600);
            assertThat(conversions).isEqualTo(90);
            assertThat(server.get("/api/v1/experiments/charts/export/everything.csv").status()).isEqualTo(404);

            var recommenders = server.get("/api/v1/recommenders");
            assertThat(recommenders.status()).isEqualTo(200);
            assertThat(recommenders.json().get("recommenders")).extracting(n -> n.asText())
                    .containsExactlyElementsOf(RecommenderRegistry.defaults().names());
            String assignOnly = server.post("/api/v1/keys", "{\"label\":\"svc\",\"scopes\":[\"assign\"]}").json().get("key").asText();
            assertThat(server.send("GET", "/api/v1/recommenders", null, assignOnly).status()).isEqualTo(403);
            assertThat(server.send("GET", "/api/v1/experiments/charts/export/daily.csv", null, assignOnly).status()).isEqualTo(403);
            assertThat(png(server, "/api/v1/experiments/charts/charts/lift.png", assignOnly).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void definitionCheckAnswersWithTheServersOwnMessage() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("check"), null)) {
            var ok = server.post("/api/v1/definitions/check", DEFINITION);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("valid").asBoolean()).isTrue();
            assertThat(ok.json().at("/definition/salt").asText()).isEqualTo("charts");
            var bad = server.post("/api/v1/definitions/check", DEFINITION.replace("\"weight\":50,\"recommender\":\"bestseller\"",
                    "\"weight\":0,\"recommender\":\"bestseller\""));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("error").asText()).contains("weight");
            assertThat(server.post("/api/v1/definitions/check", "{not json").status()).isEqualTo(400);
            // Nothing was stored.
            assertThat(server.get("/api/v1/experiments").json().get("experiments")).isEmpty();
        }
    }

    @Test
    void theUiMayShowBlobImages() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("csp"), null)) {
            HttpResponse<byte[]> r = png(server, "/", null);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("img-src 'self' data: blob:").contains("script-src 'self';");
        }
    }

    private static HttpResponse<byte[]> png(TestServer server, String path, String key) {
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
