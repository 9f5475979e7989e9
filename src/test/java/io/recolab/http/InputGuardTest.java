package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputGuardTest {
    @TempDir
    Path tmp;

    @Test
    void aPathKeyThatCannotBeAnExperimentKeyIsAPlain404AndNulIsRefused() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            for (String path : new String[] {"/api/v1/experiments/Not_A-Key", "/api/v1/experiments/Not_A-Key/results",
                    "/api/v1/experiments/" + "k".repeat(65) + "/assignment?unit=u"}) {
                var r = server.get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.json().get("error").asText()).as(path).contains("keys match");
            }
            var nul = server.get("/api/v1/experiments/ab%00cd");
            assertThat(nul.status()).isEqualTo(400);
            assertThat(nul.json().get("error").asText()).contains("NUL");
            var body = server.post("/api/v1/events", "{\"events\":[{\"id\":\"a\\u0000\"}]}");
            assertThat(body.status()).isEqualTo(400);
            assertThat(body.json().get("error").asText()).contains("NUL");
        }
    }

    @Test
    void findsNulRawOrEscaped() {
        assertThat(InputGuard.containsNul("{\"a\":\"x\u0000y\"}")).isTrue();
        assertThat(InputGuard.containsNul("{\"a\":\"x\\u0000y\"}")).isTrue();
        assertThat(InputGuard.containsNul("{\"a\":\"\\\\\\u0000\"}")).as("escaped backslash, then an escaped NUL").isTrue();
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(InputGuard.containsNul("{\"a\":\"\\\\u0000\"}")).as("a backslash, then the text u0000").isFalse();
        assertThat(InputGuard.containsNul("{\"a\":\"\\u0001 \\u00e9 \\n u0000\"}")).isFalse();
        assertThat(InputGuard.containsNul("")).isFalse();
        assertThat(InputGuard.containsNul("\\")).isFalse();
    }
}
