package io.recolab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The client without a server: golden assignments, the bounded buffer, its dependencies. */
class ClientUnitTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The language-neutral golden cases, through the client's own parsing of a definition. */
    @Test
    void reproducesTheGoldenCases() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/assign/golden-v1.json")) {
            golden = MAPPER.readTree(in);
        }
        for (JsonNode c : golden.get("cases")) {
            ObjectNode definition = MAPPER.createObjectNode().put("key", "golden").put("status", "running")
                    .put("salt", c.get("salt").asText()).put("exposurePercent", c.get("exposurePercent").asDouble());
            var treatments = definition.putArray("treatments");
            for (int i = 0; i < c.get("weights").size(); i++) {
                treatments.addObject().put("name", "T" + i).put("weight", c.get("weights").get(i).asInt())
                        .put("recommender", "r" + i);
            }
            ClientAssignment a = Definitions.parse(definition).assign(c.get("unit").asText(), java.util.Map.of());
            assertThat(a.treatment()).as(c.toString()).isEqualTo("T" + c.get("treatment").asInt());
            assertThat(a.inExperiment()).as(c.toString()).isEqualTo(c.get("inExperiment").asBoolean());
        }
    }

    /**
     * The targeting golden cases (the file the server's TargetingTest reads), through the client's
     * parsing of a definition: a unit the condition takes is in the experiment (exposure 100 %), any
     * other gets the control, outside. Attributes go in as a caller's Java values.
     */
    @Test
    void reproducesTheTargetingGoldenCases() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/targeting/golden-v1.json")) {
            golden = MAPPER.readTree(in);
        }
        for (JsonNode c : golden.get("cases")) {
            ObjectNode definition = MAPPER.createObjectNode().put("key", "targeted").put("status", "running")
                    .put("exposurePercent", 100);
            definition.putArray("treatments").add(MAPPER.createObjectNode().put("name", "A").put("weight", 1)
                    .put("recommender", "ra")).add(MAPPER.createObjectNode().put("name", "B").put("weight", 1)
                    .put("recommender", "rb"));
            definition.set("targeting", c.get("condition"));
            java.util.Map<String, Object> attributes = MAPPER.convertValue(c.get("attributes"),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { });
            ClientAssignment a = Definitions.parse(definition).assign("u1", RecolabClient.checked(attributes));
            assertThat(a.inExperiment()).as(c.toString()).isEqualTo(c.get("match").booleanValue());
            if (!a.inExperiment()) {
                assertThat(a.treatment()).as(c.toString()).isEqualTo("A");
            }
        }
    }

    /**
     * The layer golden cases (the file the server's LayersGoldenTest reads) through the client's
     * parsing of a running experiment as the server lists it: layer, targeting, exposure decided
     * locally, the same treatment and inExperiment as the independent generator's.
     */
    @Test
    void reproducesTheLayerGoldenCases() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/layers-golden.json")) {
            golden = MAPPER.readTree(in);
        }
        assertThat(golden.get("cases").size()).isGreaterThanOrEqualTo(300);
        for (JsonNode c : golden.get("cases")) {
            JsonNode e = c.get("experiment");
            ObjectNode definition = MAPPER.createObjectNode().put("key", "golden").put("status", "running")
                    .put("salt", e.get("salt").asText()).put("exposurePercent", e.get("exposurePercent").asDouble());
            var treatments = definition.putArray("treatments");
            for (int i = 0; i < e.get("weights").size(); i++) {
                treatments.addObject().put("name", "T" + i).put("weight", e.get("weights").get(i).asInt())
                        .put("recommender", "r" + i);
            }
            definition.set("layer", e.get("layer"));
            definition.set("targeting", e.get("targeting"));
            java.util.Map<String, Object> attributes = MAPPER.convertValue(c.get("attributes"),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { });
            ClientAssignment a = Definitions.parse(definition).assign(c.get("unit").asText(), RecolabClient.checked(attributes));
            assertThat(a.treatment()).as(c.toString()).isEqualTo("T" + c.get("treatment").asInt());
            assertThat(a.inExperiment()).as(c.toString()).isEqualTo(c.get("inExperiment").asBoolean());
        }
    }

    @Test
    void aFullBufferDropsAndCountsWithoutBlockingTheCaller() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var options = RecolabClient.Options.of(URI.create("http://127.0.0.1:" + closedPort), "k")
                .withBuffer(50, 10).withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withCloseTimeout(Duration.ofMillis(300));
        RecolabClient client = RecolabClient.start(options);
        int accepted = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            accepted += client.exposure("exp", "u" + i) ? 1 : 0;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("1,000 events handed over in ms").isLessThan(1_000);
        // At most the buffer plus the batch in flight were taken.
        assertThat(accepted).isBetween(50, 60);
        assertThat(client.stats().dropped()).isEqualTo(1_000 - accepted);
        assertThat(client.assign("exp", "u1")).isEmpty();
        client.close();
        ClientStats after = client.stats();
        assertThat(after.dropped()).as("close gave up on the unsent ones, counted").isEqualTo(1_000);
        assertThat(after.sent()).isZero();
        assertThat(after.retries()).isPositive();
        assertThat(client.exposure("exp", "late")).as("after close").isFalse();
    }

    @Test
    void backoffGrowsExponentiallyUpToItsCapWithJitterBelow() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(List.of(b.ceilingMillis(0), b.ceilingMillis(1), b.ceilingMillis(3), b.ceilingMillis(10), b.ceilingMillis(80)))
                .containsExactly(100L, 200L, 800L, 5_000L, 5_000L);
        for (int i = 0; i < 1_000; i++) {
            assertThat(b.delayMillis(2)).isBetween(0L, 400L);
        }
    }

    @Test
    void badEventsAreRefusedAtOnceNotSent() {
        assertThatThrownBy(() -> ClientEvent.exposure("exp", "")).hasMessageContaining("unit");
        assertThatThrownBy(() -> ClientEvent.exposure("exp", "a\nb")).hasMessageContaining("control");
        assertThatThrownBy(() -> new ClientEvent("id", "conversion", "exp", "u", null, null, null))
                .hasMessageContaining("metric");
        assertThat(ClientEvent.exposure("exp", "u").id()).isNotEqualTo(ClientEvent.exposure("exp", "u").id());
    }

    /** A unit id the server refuses gets no local answer either (its exposures would be rejected later). */
    @Test
    void unitsTheServerRefusesAreRefusedByAssignToo() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RecolabClient client = RecolabClient.start(RecolabClient.Options.of(URI.create("http://127.0.0.1:" + closedPort), "k")
                .withCloseTimeout(Duration.ofMillis(100)))) {
            assertThatThrownBy(() -> client.assign("exp", "")).hasMessageContaining("unit must have 1..256");
            assertThatThrownBy(() -> client.assign("exp", "u".repeat(257))).hasMessageContaining("got 257 characters");
            assertThatThrownBy(() -> client.assign("exp", "a\tb")).hasMessageContaining("control characters");
            assertThat(client.assign("exp", "u1")).isEmpty();
        }
    }

    /**
     * The client jar holds io/recolab/client, io/recolab/assign and io/recolab/targeting only, and
     * must not need anything else of the server: their classes may refer to the JDK, Jackson, RE2/J
     * and each other.
     */
    @Test
    void clientAndAssignmentCodeReferNoServerLibraries() throws IOException {
        Path classes = Path.of("target/classes/io/recolab");
        List<String> offences = new ArrayList<>();
        for (String pkg : List.of("client", "assign", "targeting")) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String forbidden : List.of("io/vertx", "com/zaxxer", "org/h2", "org/postgresql", "org/slf4j",
                            "org/flywaydb", "io/recolab/experiment", "io/recolab/http", "io/recolab/json",
                            "io/recolab/store", "io/recolab/events")) {
                        if (text.contains(forbidden)) {
                            offences.add(f.getFileName() + " -> " + forbidden);
                        }
                    }
                }
            }
        }
        assertThat(offences).isEmpty();
    }
}
