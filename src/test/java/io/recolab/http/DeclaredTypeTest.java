package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON sent the way {@code curl -d} sends it, declared as a form
 * ({@code application/x-www-form-urlencoded}), is read as the JSON it is, whatever its size or
 * its characters: vert.x once handed such bodies to Netty's form decoder, which refused any over
 * 1 KB (and any holding a '%' that is no escape) with a bare 400. Sign-in alone still wants
 * {@code application/json} (415), so that no other site's form can sign a browser in.
 */
class DeclaredTypeTest {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String DEFINITION = """
            {"key":"%s","description":"%s",
             "treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), TestServer.emptyDir(tmp, "experiments"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestServer.Response send(String method, String path, String body, String type) {
        return server.request(method, path, body, Map.of("Authorization", "Bearer " + TestServer.ADMIN_KEY, "Content-Type", type));
    }

    @Test
    void aLongDefinitionSentAsAFormIsCreated() {
        // 1,100 characters, with a percent sign that is no escape and an ampersand and equals sign.
        String description = ("50% off & more = better. " + "x".repeat(1100)).substring(0, 1100);
        var created = send("POST", "/api/v1/experiments", DEFINITION.formatted("form-def", description), FORM);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.get("/api/v1/experiments/form-def").json().path("definition").path("description").asText())
                .isEqualTo(description);
        var updated = send("PUT", "/api/v1/experiments/form-def", DEFINITION.formatted("form-def", description + "!"), FORM);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    }

    @Test
    void ninetyNineUnitsSentAsAFormAreAssigned() {
        assertThat(send("POST", "/api/v1/experiments", DEFINITION.formatted("form-assign", "d"), "application/json").status())
                .isEqualTo(201);
        String units = IntStream.range(0, 99).mapToObj(i -> "\"customer-" + i + "\"").collect(Collectors.joining(","));
        var answer = send("POST", "/api/v1/assignments", "{\"units\":[" + units + "],\"experiments\":[\"form-assign\"]}", FORM);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("assignments").size()).isEqualTo(99);
    }

    @Test
    void fortyEventsSentAsAFormAreAccepted() {
        assertThat(send("POST", "/api/v1/experiments", DEFINITION.formatted("form-events", "d"), "application/json").status())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/form-events/start", null).status()).isEqualTo(200);
        String events = IntStream.range(0, 40).mapToObj(i -> "{\"id\":\"f-" + i
                + "\",\"type\":\"exposure\",\"experiment\":\"form-events\",\"unit\":\"u" + i + "\"}").collect(Collectors.joining(","));
        var answer = send("POST", "/api/v1/events", "{\"events\":[" + events + "]}", FORM);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(40);
        // Any other declared type, or none, is read as JSON too.
        var plain = send("POST", "/api/v1/stats/srm", "{\"observed\":[1000,1200],\"weights\":[50,50]}", "text/plain");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    }

    @Test
    void aFormThatIsNoJsonIsTold() {
        var answer = send("POST", "/api/v1/stats/srm", "observed=1000&observed=1200", FORM);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).contains("JSON").contains(FORM);
    }

    @Test
    void signInStillWantsJson() {
        var answer = server.request("POST", "/api/v1/session", "{\"username\":\"root\",\"password\":\"" + "p".repeat(1100) + "\"}",
                Map.of("Content-Type", FORM));
        assertThat(answer.status()).as(answer.body()).isEqualTo(415);
        assertThat(answer.json().path("error").asText()).contains("application/json");
    }
}
