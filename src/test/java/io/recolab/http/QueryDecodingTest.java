package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import io.recolab.json.Json;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A query string that cannot be percent-decoded ({@code ?unit=%zz}) is the caller's error: the
 * same JSON 400 as every other, and no ERROR with a stack trace in the log (a log filled by
 * anyone who sends a bad URL is a denial of service too).
 */
class QueryDecodingTest {
    @TempDir
    Path tmp;

    @Test
    void undecodableQueryIsAJson400WithoutAStackTrace() throws IOException {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp, null)) {
            assertThat(server.post("/api/v1/experiments", """
                    {"key":"q","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                             {"name":"T1","weight":1,"recommender":"item-to-item"}]}""").status())
                    .isEqualTo(201);
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            root.addAppender(log);
            try {
                for (String path : new String[] {"/api/v1/experiments/q/assignment?unit=%zz",
                        "/api/v1/recommendations?experiment=q&unit=%", "/api/v1/keys?label=%e2%82",
                        "/api/v1/experiments?x=%zz", "/api/v1/health?x=%zz"}) {
                    String answer = rawGet(server, path);
                    assertThat(answer).as(path).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
                    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                    assertThat(Json.parse(body).get("error").asText()).as(path).containsAnyOf("query string", "U+FFFD");
                }
            } finally {
                root.detachAppender(log);
            }
            assertThat(log.list).as("log events").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .noneMatch(e -> e.getThrowableProxy() != null);
        }
    }

    /** A GET as bytes on a socket: java.net.URI refuses to build a URL with "%zz", a client need not. */
    private static String rawGet(TestServer server, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.app().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestServer.ADMIN_KEY + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
