package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.json.Json;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-caller rate limit on a real server: 429 JSON with Retry-After, per key, assignment exempt. */
class RateLimitIntegrationTest {
    static final int BURST = 5;

    @TempDir
    Path tmp;

    @Test
    void aKeyOverItsBurstGets429WithRetryAfterAndOtherKeysAreUnaffected() throws Exception {
        // 0.5 per second: after the burst, the next token is 2 s away, whatever the machine's speed.
        try (TestServer server = TestServer.protectedBy(ServerOptions.DEFAULTS.withRateLimit(0.5, BURST), Stores.Kind.H2,
                tmp.resolve("data"), null)) {
            String url = server.baseUrl() + "/api/v1/recommenders";
            String other = server.app().keys().create("other", java.util.EnumSet.of(io.recolab.auth.Scope.READ), null, "test").secret();
            for (int i = 0; i < BURST; i++) {
                assertThat(Raw.send(url, "GET", null, TestServer.ADMIN_KEY).statusCode()).as("call %d", i).isEqualTo(200);
            }
            HttpResponse<String> limited = Raw.send(url, "GET", null, TestServer.ADMIN_KEY);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(Json.parse(limited.body()).get("error").asText()).contains("rate limit");
            // Another key has its own bucket.
            assertThat(Raw.send(url, "GET", null, other).statusCode()).isEqualTo(200);
            // Assignment never touches the store and is not counted.
            for (int i = 0; i < 3 * BURST; i++) {
                var a = Raw.send(server.baseUrl() + "/api/v1/experiments/nope/assignment?unit=u" + i, "GET", null,
                        TestServer.ADMIN_KEY);
                assertThat(a.statusCode()).isEqualTo(404);
            }
            Thread.sleep(2_100);
            assertThat(Raw.send(url, "GET", null, TestServer.ADMIN_KEY).statusCode()).as("a token came back").isEqualTo(200);
        }
    }

    @Test
    void callsWithoutAKeyAreLimitedByAddress() {
        try (TestServer server = TestServer.protectedBy(ServerOptions.DEFAULTS.withRateLimit(0.5, BURST), Stores.Kind.H2,
                tmp.resolve("data"), null)) {
            for (int i = 0; i < BURST; i++) {
                assertThat(Raw.send(server.baseUrl() + "/api/v1/health", "GET", null, null).statusCode()).isEqualTo(200);
            }
            var limited = Raw.send(server.baseUrl() + "/api/v1/experiments", "GET", null, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            // A caller with a key is counted by its key, not by the address.
            assertThat(Raw.send(server.baseUrl() + "/api/v1/recommenders", "GET", null, TestServer.ADMIN_KEY).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void offWhenTheRateIsZero() {
        try (TestServer server = TestServer.protectedBy(ServerOptions.DEFAULTS.withRateLimit(0, 1), Stores.Kind.H2,
                tmp.resolve("data"), null)) {
            for (int i = 0; i < 50; i++) {
                assertThat(Raw.send(server.baseUrl() + "/api/v1/health", "GET", null, null).statusCode()).isEqualTo(200);
            }
        }
    }
}
