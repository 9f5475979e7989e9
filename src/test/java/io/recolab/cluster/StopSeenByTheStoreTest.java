package io.recolab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another node stops an experiment; this node learns of it only at its next catalog refresh, and what it
 * parsed meanwhile was judged as running (a red-team run saw 0.2-0.46 s of conversions and new units
 * counted after a stop). The store reads the stop in the writing transaction: such events are excluded
 * as stopped there. Here "this node" is a writer handed events parsed as if the experiment still ran.
 */
class StopSeenByTheStoreTest {
    private static final String DEFINITION = """
            {"key":"st","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    @Test
    void eventsDatedAfterAStopAnotherNodeMadeAreExcludedWhenWritten() throws Exception {
        try (TestServer a = TestServer.start(Stores.Kind.POSTGRESQL, tmp.resolve("a"), null)) {
            assertThat(a.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(a.post("/api/v1/experiments/st/start", null).status()).isEqualTo(200);
            Instant running = Instant.now();
            var early = a.post("/api/v1/events", "{\"events\":[{\"id\":\"x1\",\"type\":\"exposure\",\"experiment\":\"st\","
                    + "\"unit\":\"u1\",\"timestamp\":\"" + running + "\"}]}");
            assertThat(early.status()).as(early.body()).isEqualTo(200);
            Thread.sleep(5);
            assertThat(a.post("/api/v1/experiments/st/stop", null).status()).isEqualTo(200);
            Instant after = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

            // What a node that has not refreshed yet would hand its writer: analysed, in the experiment.
            ExperimentSnapshot st = new ExperimentSnapshot("st", Map.of("purchase", new MetricSpec("purchase",
                    MetricSpec.Type.BINOMIAL, 14)));
            List<Event> parsedAsRunning = List.of(
                    new Event("c-after", EventType.CONVERSION, st, "u1", after, after, "purchase", 1, "C", true, null, null),
                    new Event("x-after", EventType.EXPOSURE, st, "u2", after, after, null, 1, "C", true, null, null),
                    new Event("c-before", EventType.CONVERSION, st, "u1", running.plusMillis(1), after, "purchase", 1, "C",
                            true, null, null));
            EventStore.Written written;
            try (Database db = Database.open(a.jdbcUrl(), 2); Connection c = db.connection()) {
                c.setAutoCommit(false);
                written = new EventStore(Dialect.POSTGRESQL, new Attribution(Dialect.POSTGRESQL, 7)).write(c, parsedAsRunning);
                c.commit();
            }
            assertThat(written.events().get(0).exclusion()).isEqualTo(Exclusion.STOPPED);
            assertThat(written.events().get(0).inExperiment()).isFalse();
            assertThat(written.events().get(1).exclusion()).isEqualTo(Exclusion.STOPPED);
            assertThat(written.events().get(2).exclusion()).as("dated before the stop: counts").isNull();

            JsonNode results = a.get("/api/v1/experiments/st/results").json();
            assertThat(results.path("excludedConversions").toString()).isEqualTo("{\"stopped\":1}");
            assertThat(results.path("excluded").toString()).isEqualTo("{\"stopped\":1}");
            long units = 0;
            long conversions = 0;
            for (JsonNode t : results.get("treatments")) {
                units += t.get("units").asLong();
                conversions += t.get("conversions").asLong();
            }
            assertThat(units).as("u1 only: u2 came after the stop").isEqualTo(1);
            assertThat(conversions).as("c-before only").isEqualTo(1);
        }
    }
}
