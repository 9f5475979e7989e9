package io.recolab.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the event topic when it is missing (a convenience of {@code process --partitions}; production creates it by hand). */
public final class Topics {
    private Topics() {
    }

    /** @return true if this call created it, false if it existed (whatever its partitions) */
    public static boolean ensure(KafkaTarget target, int partitions, short replication, long retentionMillis) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        try (Admin admin = Admin.create(p)) {
            NewTopic topic = new NewTopic(target.topic(), partitions, replication).configs(Map.of(
                    "retention.ms", Long.toString(retentionMillis),
                    "min.insync.replicas", Integer.toString(Math.max(1, replication - 1))));
            admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + target.topic() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + target.topic(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + target.bootstrap() + " within 60 s", e);
        }
    }
}
