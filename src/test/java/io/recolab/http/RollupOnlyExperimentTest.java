package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.events.RollupOnlyExperiments;
import io.recolab.store.Database;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment whose events a Kafka processor wrote with {@code --keep rollups} has no raw events
 * and no unit rows in the store: its raw exports and its per-unit metrics say so, instead of
 * answering from the part of the events the store does hold (here: the direct path's, before).
 */
class RollupOnlyExperimentTest {
    @TempDir
    Path tmp;

    @Test
    void rawExportsAndPerUnitMetricsNameTheModeInsteadOfCountingPart() throws Exception {
        Path data = tmp.resolve("data");
        try (TestServer server = TestServer.start(Stores.Kind.H2, data, null)) {
            MetricKindsFixture.send(server, 200);
            String base = "/api/v1/experiments/" + MetricKindsFixture.KEY;
            assertThat(server.get(base + "/export/exposures.csv").status()).isEqualTo(200);
            try (Connection c = DriverManager.getConnection(Database.h2Url(data), "sa", "")) {
                RollupOnlyExperiments.mark(c, List.of(MetricKindsFixture.KEY), Instant.parse("2026-12-07T12:00:00Z"),
                        io.recolab.store.Dialect.H2);
            }

            TestServer.Response export = server.get(base + "/export/conversions.jsonl");
            assertThat(export.status()).isEqualTo(409);
            assertThat(export.json().get("error").asText()).contains("--keep rollups").contains("EventsToLakeJob");
            assertThat(server.get(base + "/export/results.csv").status()).as("results come from the rollups").isEqualTo(200);

            for (String metric : List.of("revenue", "items-per-exposure")) {
                JsonNode comparison = server.get(base + "/results?metric=" + metric).json().at("/comparisons/0");
                assertThat(comparison.get("message").asText()).as(metric).startsWith("no comparison")
                        .contains("computed per unit").contains("--keep rollups");
                assertThat(comparison.get("pValue").isNull()).isTrue();
            }
            assertThat(server.get(base + "/results?metric=revenue").json().at("/comparisons/0/message").asText())
                    .as("CUPED: where its sums can come from").contains("ResultsJob");
            JsonNode plain = server.get(base + "/results?metric=items").json().at("/comparisons/0");
            assertThat(plain.get("pValue").isNumber()).as("a plain metric is compared from its rollups").isTrue();
        }
    }
}
