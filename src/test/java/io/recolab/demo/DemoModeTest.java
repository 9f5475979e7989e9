package io.recolab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.analysis.ResultsReport;
import io.recolab.app.Recolab;
import io.recolab.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve --demo: the shipped experiment starts, models train, and live traffic fills its results;
 * the demo touches nothing else (a user's own experiments get no demo traffic, and a draft of
 * theirs stays a draft across restarts).
 */
class DemoModeTest {
    static final String KEY = "demo-test-admin-key-0123456789";
    /** The demo's experiment under its shipped key, with the cheap recommenders so that models train fast. */
    static final String DEMO_DEFINITION = """
            {"key":"homepage-recs","treatments":[{"name":"C","weight":1,"recommender":"item-to-item"},
             {"name":"T1","weight":1,"recommender":"bestseller"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";
    /** A user's experiment on the same recommenders: its models are ready as soon as the demo's are. */
    static final String USERS_DEFINITION = """
            {"key":"%s","treatments":[{"name":"C","weight":1,"recommender":"item-to-item"},
             {"name":"T1","weight":1,"recommender":"bestseller"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private Recolab.Config demo() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("homepage-recs.json"), DEMO_DEFINITION);
        return new Recolab.Config("127.0.0.1", 0, tmp.resolve("data"), null, experiments, KEY, 200,
                "synthetic:customers=800,items=300,days=120,seed=3", Duration.ofDays(1), true);
    }

    @Test
    void theDemoShowsALiveExperimentWithGrowingCounts() throws Exception {
        try (Recolab app = Recolab.start(demo())) {
            assertThat(app.experiments().get("homepage-recs").status().wireName()).isEqualTo("running");
            // Whoever runs the demo can sign in to the UI with the password it printed and stored.
            String password = app.newDemoPassword();
            assertThat(password).hasSizeGreaterThanOrEqualTo(12);
            assertThat(Files.readString(tmp.resolve("data").resolve("demo-admin.password")).trim()).isEqualTo(password);
            HttpResponse<String> signIn = CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> units(app, "homepage-recs") >= 20);
            long first = units(app, "homepage-recs");
            await().atMost(Duration.ofSeconds(60)).until(() -> units(app, "homepage-recs") > first);
        }
    }

    @Test
    void aUsersRunningExperimentGetsNoDemoTraffic() throws Exception {
        try (Recolab app = Recolab.start(demo())) {
            assertThat(call(app, "POST", "/api/v1/experiments", USERS_DEFINITION.formatted("mine")).statusCode()).isEqualTo(201);
            assertThat(call(app, "POST", "/api/v1/experiments/mine/start", null).statusCode()).isEqualTo(200);
            // Long enough for the demo's visitors to have come to every running experiment many times.
            await().atMost(Duration.ofSeconds(90)).until(() -> units(app, "homepage-recs") >= 200);
            HttpResponse<String> exposures = call(app, "GET", "/api/v1/experiments/mine/export/exposures.jsonl", null);
            assertThat(exposures.statusCode()).isEqualTo(200);
            assertThat(exposures.body()).as("the user's experiment's exposures").doesNotContain("demo-");
            assertThat(units(app, "mine")).isZero();
        }
    }

    @Test
    void aUsersDraftStaysADraftWhenTheDemoStartsAgain() throws Exception {
        try (Recolab app = Recolab.start(demo())) {
            assertThat(call(app, "POST", "/api/v1/experiments", USERS_DEFINITION.formatted("my-draft")).statusCode())
                    .isEqualTo(201);
        }
        try (Recolab app = Recolab.start(demo())) {
            HttpResponse<String> draft = call(app, "GET", "/api/v1/experiments/my-draft", null);
            JsonNode detail = Json.parse(draft.body());
            assertThat(detail.path("status").asText()).as(draft.body()).isEqualTo("draft");
            assertThat(detail.path("history").toString()).doesNotContain("\"demo\"");
            assertThat(app.experiments().get("homepage-recs").status().wireName()).isEqualTo("running");
        }
    }

    private static HttpResponse<String> call(Recolab app, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The demo's traffic reports purchases at the present time; the data it learned from must end there too,
     * not years before (the synthetic shop starts in 2024), or the purchases land after an empty gap in which
     * every recency-based model, and the chronological autoencoder's weekly cutoffs, find nothing.
     */
    @Test
    void theDemoDataEndsWhereTheLiveTrafficBegins() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        try (Recolab app = Recolab.start(demo())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> models(app).findValues("dataCutoff").stream()
                    .anyMatch(v -> !v.isNull()));
            for (JsonNode model : models(app).get("models")) {
                if (model.get("dataCutoff").isNull()) {
                    continue;
                }
                java.time.Instant cutoff = java.time.Instant.parse(model.get("dataCutoff").asText());
                assertThat(cutoff).as(model.toString())
                        .isBetween(started.minus(Duration.ofDays(1)), java.time.Instant.now().plus(Duration.ofMinutes(1)));
            }
        }
    }

    private static JsonNode models(Recolab app) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/models"))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    private static long units(Recolab app, String experiment) {
        ResultsReport report = app.results().compute(experiment, null, io.recolab.analysis.Results.Options.DEFAULT);
        return report.treatments().stream().mapToLong(t -> t.units()).sum();
    }
}
