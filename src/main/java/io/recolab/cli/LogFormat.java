package io.recolab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --log-format json|text} and {@code --no-access-log}: switches the console appender of
 * logback.xml to JSON lines (logstash-logback-encoder: timestamp, level, logger, message, the MDC's
 * requestId, and the access line's fields as their own keys), and turns the access log off.
 */
enum LogFormat {
    TEXT, JSON;

    static final String ENV = "RECOLAB_LOG_FORMAT";
    static final String ACCESS_LOGGER = "io.recolab.access";

    static LogFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UsageException("--log-format must be text or json, got '" + text + "'");
        }
    }

    void apply(boolean accessLog) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration rules
        }
        if (!accessLog) {
            context.getLogger(ACCESS_LOGGER).setLevel(Level.OFF);
        }
        if (this == TEXT) {
            return;
        }
        ch.qos.logback.core.Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
