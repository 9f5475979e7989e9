package io.recolab.kafka;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What a failed exactly-once run lost, named: the acknowledged units without an analysed exposure
 * in the store, with their raw rows, their unit rows, their records in the topic (partition and
 * offset) and the processors' warnings. A count alone does not say where a unit went.
 */
final class CrashDiagnosis {
    private CrashDiagnosis() {
    }

    static String explain(Database db, KafkaTarget target, Collection<String> prefixes, int unitsPerBatch, Path log) {
        StringBuilder out = new StringBuilder();
        try {
            Set<String> analysed = new HashSet<>(column(db, "SELECT unit_id FROM events WHERE experiment_key = 'ks'"
                    + " AND event_type = 'exposure' AND in_experiment"));
            Set<String> exposedUnits = new HashSet<>(column(db, "SELECT unit_id FROM experiment_units WHERE"
                    + " experiment_key = 'ks' AND first_exposure_at IS NOT NULL"));
            List<String> missing = new ArrayList<>();
            for (String prefix : prefixes) {
                for (int u = 0; u < unitsPerBatch; u++) {
                    String unit = prefix + "-" + u;
                    if (!analysed.contains(unit) || !exposedUnits.contains(unit)) {
                        missing.add(unit);
                    }
                }
            }
            out.append("acknowledged units without an analysed exposure or an exposed unit row: ").append(missing).append('\n');
            out.append("excluded: ").append(rows(db, "SELECT * FROM excluded_exposures", List.of())).append('\n');
            out.append("offsets: ").append(rows(db, "SELECT * FROM kafka_offsets", List.of())).append('\n');
            for (String unit : missing.subList(0, Math.min(10, missing.size()))) {
                out.append("unit ").append(unit).append(":\n  events ")
                        .append(rows(db, "SELECT * FROM events WHERE unit_id = ?", List.of(unit)))
                        .append("\n  unit row ").append(rows(db, "SELECT * FROM experiment_units WHERE unit_id = ?", List.of(unit)))
                        .append("\n  topic ").append(records(target, unit)).append('\n');
            }
        } catch (RuntimeException e) {
            out.append("diagnosis failed: ").append(e).append('\n');
        }
        try {
            Files.readAllLines(log).stream()
                    .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("skipping") || l.contains("owns"))
                    .limit(200).forEach(l -> out.append("  log: ").append(l).append('\n'));
        } catch (IOException e) {
            out.append("no process log: ").append(e.getMessage());
        }
        return out.toString();
    }

    private static List<String> column(Database db, String sql) {
        return Jdbc.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private static String rows(Database db, String sql, List<String> args) {
        return Jdbc.read(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder("{");
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.append(i > 1 ? ", " : "").append(md.getColumnName(i)).append('=').append(rs.getString(i));
                        }
                        out.add(row.append('}').toString());
                    }
                }
            }
            return out.toString();
        });
    }

    /** Every record of the unit in the topic: partition, offset, timestamp and value. */
    private static List<String> records(KafkaTarget target, String unit) {
        String key = "ks\n" + unit;
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = KafkaFixture.consumer(target)) {
            List<TopicPartition> parts = c.partitionsFor(target.topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        out.add(r.partition() + "@" + r.offset() + " ts=" + r.timestamp() + " "
                                + new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }
}
