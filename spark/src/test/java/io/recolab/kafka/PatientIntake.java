package io.recolab.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The server's intake with its own producer settings but one: the first send may wait up to a minute
 * for the topic's metadata instead of the serving node's 2 s (a just-started broker on a loaded test
 * machine), so a slow start fails no test. In the server's package for its package-private constructor.
 */
public final class PatientIntake {
    private PatientIntake() {
    }

    public static KafkaIntake of(KafkaTarget target) {
        Properties p = KafkaIntake.config(target);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        return new KafkaIntake(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), target.topic());
    }
}
