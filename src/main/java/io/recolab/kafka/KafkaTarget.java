package io.recolab.kafka;

import io.recolab.domain.DomainError;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the event stream is: {@code kafka:HOST:PORT[,HOST:PORT...]} (the bootstrap servers) and the
 * topic. The serve option {@code --events} and the process option {@code --kafka} both parse it here.
 */
public record KafkaTarget(List<String> servers, String topic) {
    public static final String DEFAULT_TOPIC = "recolab.events";
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

    public KafkaTarget {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw DomainError.invalid("kafka: at least one HOST:PORT is required");
        }
        for (String s : servers) {
            if (!SERVER.matcher(s).matches()) {
                throw DomainError.invalid("kafka: '" + s + "' is not HOST:PORT");
            }
            int port = Integer.parseInt(s.substring(s.lastIndexOf(':') + 1));
            if (port < 1 || port > 65_535) {
                throw DomainError.invalid("kafka: '" + s + "' has port " + port + "; a port is 1..65535");
            }
        }
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw DomainError.invalid("kafka topic must be 1..249 of [A-Za-z0-9._-], got '" + topic + "'");
        }
    }

    /** @param spec {@code kafka:HOST:PORT[,HOST:PORT...]}, or the servers alone */
    public static KafkaTarget parse(String spec, String topic) {
        if (spec == null || spec.isBlank()) {
            throw DomainError.invalid("kafka: expected kafka:HOST:PORT[,HOST:PORT...]");
        }
        String servers = spec.startsWith("kafka:") ? spec.substring("kafka:".length()) : spec;
        return new KafkaTarget(Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                topic == null ? DEFAULT_TOPIC : topic);
    }

    /** The innermost message of a Kafka client's failure to start (e.g. "No resolvable bootstrap urls ..."). */
    public static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }

    public String bootstrap() {
        return String.join(",", servers);
    }
}
