package io.recolab.cli;

import io.recolab.domain.DomainError;
import io.recolab.kafka.KafkaTarget;

/**
 * The Kafka options: {@code serve --events kafka:HOST:PORT[,...]} (the prefix says which sink) and
 * {@code process --kafka [kafka:]HOST:PORT[,...]} (the option says it already: CONTRACT.md writes it
 * without the prefix). A bad value is a usage error.
 */
final class KafkaOptions {
    private KafkaOptions() {
    }

    /** {@code serve --events}: the {@code kafka:} prefix is required. */
    static KafkaTarget sink(String spec, String topic, String option) {
        if (spec != null && !spec.startsWith("kafka:")) {
            throw new UsageException(option + " must be kafka:HOST:PORT[,HOST:PORT...], got '" + spec + "'");
        }
        return target(spec, topic, option);
    }

    /** {@code process --kafka}: bootstrap servers, with or without the {@code kafka:} prefix. */
    static KafkaTarget target(String spec, String topic, String option) {
        try {
            return KafkaTarget.parse(spec, topic);
        } catch (DomainError e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
