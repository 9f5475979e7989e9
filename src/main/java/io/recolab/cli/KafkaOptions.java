package io.recolab.cli;

import io.recolab.domain.DomainError;
import io.recolab.kafka.KafkaTarget;

/** {@code kafka:HOST:PORT[,HOST:PORT...]} options of serve and process: a bad value is a usage error. */
final class KafkaOptions {
    private KafkaOptions() {
    }

    static KafkaTarget target(String spec, String topic, String option) {
        if (spec != null && !spec.startsWith("kafka:")) {
            throw new UsageException(option + " must be kafka:HOST:PORT[,HOST:PORT...], got '" + spec + "'");
        }
        try {
            return KafkaTarget.parse(spec, topic);
        } catch (DomainError e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
