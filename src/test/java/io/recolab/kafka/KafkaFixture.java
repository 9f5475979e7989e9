package io.recolab.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Experiment, batches and read-backs shared by the Kafka tests. */
final class KafkaFixture {
    static final String KEY = "ks";
    static final String DEFINITION = """
            {"key":"ks","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    private KafkaFixture() {
    }

    static String topic() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String exposure(String id, String unit, Instant at, String... items) {
        String shown = items.length == 0 ? "" : ",\"items\":[" + List.of(items).stream().map(i -> "\"" + i + "\"")
                .collect(Collectors.joining(",")) + "]";
        return "{\"id\":\"" + id + "\",\"type\":\"exposure\",\"experiment\":\"" + KEY + "\",\"unit\":\"" + unit
                + "\",\"timestamp\":\"" + at + "\"" + shown + "}";
    }

    static String conversion(String id, String unit, Instant at) {
        return "{\"id\":\"" + id + "\",\"type\":\"conversion\",\"experiment\":\"" + KEY + "\",\"unit\":\"" + unit
                + "\",\"metric\":\"purchase\",\"timestamp\":\"" + at + "\"}";
    }

    /** A batch of {@code units} new units, each exposed and converted once: 2 x units events. */
    static String batch(String prefix, int units, Instant at) {
        List<String> events = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            String unit = prefix + "-" + u;
            events.add(exposure("x-" + unit, unit, at));
            events.add(conversion("c-" + unit, unit, at.plusSeconds(60)));
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Units and conversions over every treatment, as the results endpoint counts them. */
    static long[] totals(JsonNode results) {
        long units = 0;
        long conversions = 0;
        for (JsonNode t : results.get("treatments")) {
            units += t.get("units").asLong();
            conversions += t.get("conversions").asLong();
        }
        return new long[] {units, conversions};
    }

    static long[] totals(String resultsJson) {
        return totals(Json.parse(resultsJson));
    }

    /** The records in the topic (end offsets summed over partitions). */
    static long endOffsets(KafkaTarget target) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(target)) {
            List<TopicPartition> parts = c.partitionsFor(target.topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What the processors wrote so far: the offsets stored with the rows. */
    static long storedOffsets(Database db, String topic) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(next_offset), 0) FROM kafka_offsets WHERE topic = ?")) {
                ps.setString(1, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static KafkaConsumer<byte[], byte[]> consumer(KafkaTarget target) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Map<Integer, PartitionInfo> partitions(KafkaTarget target) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(target)) {
            return c.partitionsFor(target.topic()).stream().collect(Collectors.toMap(PartitionInfo::partition, Function.identity()));
        }
    }
}
