package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.recommend.RecommenderRegistry;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "recommender":"nope" used to create (201), start (200) and then serve empty rows counted as
 * exposures. It is refused with a 422 listing the known names wherever a definition enters: create,
 * update, the definition check, and experiment files at start (skipped, the others still load).
 */
class UnknownRecommenderTest {
    static final String NOPE = """
            {"key":"nope-test","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                             {"name":"T1","weight":1,"recommender":"nope"}]}""";
    static final String GOOD = NOPE.replace("\"nope\"", "\"item-to-item\"");

    @TempDir
    Path tmp;

    @Test
    void refusedOnCreateUpdateAndCheckListingTheKnownNames() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            for (var r : new TestServer.Response[] {server.post("/api/v1/experiments", NOPE),
                    server.post("/api/v1/definitions/check", NOPE)}) {
                assertThat(r.status()).as(r.body()).isEqualTo(422);
                String error = r.json().get("error").asText();
                assertThat(error).contains("treatments[1].recommender: unknown recommender \"nope\"");
                RecommenderRegistry.defaults().names().forEach(known -> assertThat(error).contains(known));
            }
            assertThat(server.get("/api/v1/experiments/nope-test").status()).isEqualTo(404);
            assertThat(server.post("/api/v1/experiments", GOOD).status()).isEqualTo(201);
            var update = server.put("/api/v1/experiments/nope-test", NOPE);
            assertThat(update.status()).as(update.body()).isEqualTo(422);
            assertThat(server.get("/api/v1/experiments/nope-test").json().at("/definition/treatments/1/recommender").asText())
                    .isEqualTo("item-to-item");
            assertThat(server.post("/api/v1/definitions/check", GOOD).status()).isEqualTo(200);
        }
    }

    @Test
    void anExperimentFileWithAnUnknownRecommenderIsSkippedAndTheShippedOnesLoad() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("experiments"));
        try (var shipped = Files.list(Path.of("experiments"))) {
            for (Path file : shipped.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Files.writeString(dir.resolve("nope-test.json"), NOPE);
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), dir)) {
            assertThat(server.get("/api/v1/experiments/nope-test").status()).isEqualTo(404);
            try (var shipped = Files.list(Path.of("experiments"))) {
                for (Path file : shipped.filter(p -> p.toString().endsWith(".json")).toList()) {
                    String key = file.getFileName().toString().replaceFirst("\\.json$", "");
                    assertThat(server.get("/api/v1/experiments/" + key).status()).as(key).isEqualTo(200);
                }
            }
        }
    }
}
