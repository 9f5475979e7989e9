package io.recolab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recolab.analysis.ResultsReport;
import io.recolab.app.Recolab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --demo: the shipped experiment starts, models train, and live traffic fills the results. */
class DemoModeTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoShowsALiveExperimentWithGrowingCounts() throws Exception {
        Path experiments = Files.createDirectories(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("demo-recs.json"), """
                {"key":"demo-recs","treatments":[{"name":"C","weight":1,"recommender":"item-to-item"},
                 {"name":"T1","weight":1,"recommender":"bestseller"}],
                 "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""");
        Recolab.Config config = new Recolab.Config("127.0.0.1", 0, tmp.resolve("data"), null, experiments, null, 200,
                "synthetic:customers=800,items=300,days=120,seed=3", Duration.ofDays(1), true);
        try (Recolab app = Recolab.start(config)) {
            assertThat(app.experiments().get("demo-recs").status().wireName()).isEqualTo("running");
            // Whoever runs the demo can sign in to the UI with the password it printed and stored.
            String password = app.newDemoPassword();
            assertThat(password).hasSizeGreaterThanOrEqualTo(12);
            assertThat(Files.readString(tmp.resolve("data").resolve("demo-admin.password")).trim()).isEqualTo(password);
            HttpResponse<String> signIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> units(app) >= 20);
            long first = units(app);
            await().atMost(Duration.ofSeconds(60)).until(() -> units(app) > first);
        }
    }

    private static long units(Recolab app) {
        ResultsReport report = app.results().compute("demo-recs", null, io.recolab.analysis.Results.Options.DEFAULT);
        return report.treatments().stream().mapToLong(t -> t.units()).sum();
    }
}
