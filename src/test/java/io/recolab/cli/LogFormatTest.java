package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** serve --log-format json: one JSON object a line, with the request id from the MDC. */
class LogFormatTest {
    @Test
    void jsonLinesCarryTheRequestId() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogFormat.JSON.apply(true); // the console appender reopens System.err, now ours
            try (var mdc = MDC.putCloseable("requestId", "r-123")) {
                LoggerFactory.getLogger("io.recolab.test").info("hello {}", "world");
            }
        } finally {
            System.setErr(original);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("hello world"))
                .findFirst().orElseThrow();
        JsonNode json = Json.parse(line);
        assertThat(json.get("message").asText()).isEqualTo("hello world");
        assertThat(json.get("requestId").asText()).isEqualTo("r-123");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.has("@timestamp")).isTrue();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertThat(LogFormat.parse(" Json ")).isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> LogFormat.parse("xml")).isInstanceOf(UsageException.class).hasMessageContaining("text or json");
    }
}
