package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An event id makes a retry harmless; an id reused with other content is not a retry. It used to be
 * answered as a duplicate, so a client whose ids collide lost events without knowing: now the answer
 * counts it under {@code conflicts} and names it in {@code conflictIds} (and stores nothing new).
 */
class EventIdConflictTest {
    private static final String DEFINITION = """
            {"key":"ids","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"revenue","type":"mean","windowDays":14}]}""";

    @TempDir
    Path tmp;

    private static String event(String id, String type, String unit, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"experiment\":\"ids\",\"unit\":\"" + unit + "\"" + extra + "}";
    }

    private static JsonNode send(TestServer server, String... events) {
        var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",", events) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void reusedIdsWithOtherContentAreNamedNotCountedAsRetries(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"))) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/ids/start", null).status()).isEqualTo(200);
            String at = ",\"timestamp\":\"" + java.time.Instant.now().plusSeconds(30) + "\"";
            String exposure = event("x1", "exposure", "u1", "");
            String conversion = event("c1", "conversion", "u1", ",\"metric\":\"revenue\",\"value\":12.5" + at);
            JsonNode first = send(server, exposure, conversion);
            assertThat(first.get("accepted").asInt()).isEqualTo(2);
            assertThat(first.get("conflicts").asInt()).isZero();

            // Retries: the same content (an exposure without a timestamp takes the server's clock each time).
            JsonNode retry = send(server, exposure, conversion);
            assertThat(retry.get("duplicates").asInt()).isEqualTo(2);
            assertThat(retry.get("conflicts").asInt()).isZero();

            // The same ids with other content: named, not stored, not counted as retries.
            JsonNode reused = send(server, event("x1", "exposure", "u2", ""),
                    event("c1", "conversion", "u1", ",\"metric\":\"revenue\",\"value\":99" + at),
                    event("c2", "conversion", "u1", ",\"metric\":\"revenue\",\"value\":1" + at),
                    event("c2", "conversion", "u1", ",\"metric\":\"revenue\",\"value\":2" + at));
            assertThat(reused.get("accepted").asInt()).as(reused.toString()).isEqualTo(1);
            assertThat(reused.get("duplicates").asInt()).isZero();
            assertThat(reused.get("conflicts").asInt()).isEqualTo(3);
            assertThat(reused.get("conflictIds")).extracting(JsonNode::asText).containsExactly("x1", "c1", "c2");

            JsonNode results = server.get("/api/v1/experiments/ids/results").json();
            double sum = 0;
            for (JsonNode t : results.get("treatments")) {
                sum += t.get("sum").asDouble();
            }
            assertThat(sum).as("the first c1 and c2 count, their reused copies not").isEqualTo(13.5);
        }
    }
}
