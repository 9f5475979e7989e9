package io.recolab.spark;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import io.recolab.kafka.EventRecord;
import io.recolab.kafka.KafkaIntake;
import io.recolab.kafka.PatientIntake;
import io.recolab.kafka.KafkaTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * events-to-lake from the server's event topic on a real broker: the events are produced by the
 * server's own intake ({@link KafkaIntake}, idempotent producer, acks=all; {@link PatientIntake} only waits
 * longer for a just-started broker's metadata), so the job reads the
 * records exactly as a serving node writes them. The lake's rows per day are the acknowledged
 * distinct events (duplicates, a client's retry of an id, a record no node wrote and candidate
 * conversions without a covering show removed, as the processor removes them), a run up to given
 * offsets holds what lies before them, and a second run over the same topic changes no row.
 */
class EventsToLakeKafkaTest {
    private static final String TOPIC = KafkaTarget.DEFAULT_TOPIC;
    private static final LocalDate D1 = LocalDate.parse("2026-03-01");
    private static final LocalDate D2 = LocalDate.parse("2026-03-02");
    private static final ExperimentSnapshot LAKE = new ExperimentSnapshot("lake",
            Map.of("purchase", new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 2)));

    @TempDir
    static Path tmp;
    private static KafkaBroker broker;

    /** Ids the lake must hold per day, from what Kafka acknowledged. */
    private final Map<LocalDate, TreeSet<String>> expected = new TreeMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(tmp.resolve("broker"));
        broker.createTopic(TOPIC, 3);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theLakeHoldsTheAcknowledgedDistinctEventsPerDayAndARerunChangesNothing() throws Exception {
        KafkaTarget target = KafkaTarget.parse("kafka:" + broker.bootstrap(), TOPIC);
        Map<TopicPartition, Long> firstEnd;
        Map<LocalDate, TreeSet<String>> firstBatch;
        try (KafkaIntake intake = PatientIntake.of(target)) {
            // Batch 1: two days of exposures (even units shown i1 and i2), conversions, candidates.
            List<Event> events = new ArrayList<>();
            for (int u = 0; u < 12; u++) {
                Instant at = day(u < 6 ? D1 : D2).plus(Duration.ofMinutes(10 * 60 + u));
                boolean even = u % 2 == 0;
                events.add(exposure("x-" + u, "u-" + u, even ? "C" : "T1", at, even ? List.of("i1", "i2") : List.of()));
                if (u % 3 == 0) {
                    events.add(conversion("c-" + u, "u-" + u, at.plus(Duration.ofHours(1))));
                }
            }
            events.add(new Event("x-out", EventType.EXPOSURE, LAKE, "u-out", day(D1).plusSeconds(3_600),
                    day(D1).plusSeconds(3_601), null, 0, "C", false, List.of())); // outside exposurePercent: kept, as stored
            acknowledged(intake.submit(events).get(60, TimeUnit.SECONDS).accepted(), events);
            Event x5 = events.stream().filter(e -> e.id().equals("x-5")).findFirst().orElseThrow();
            acknowledged(intake.submit(List.of(x5)).get(60, TimeUnit.SECONDS).accepted(), List.of(x5)); // the same record again

            Instant x0 = day(D1).plus(Duration.ofMinutes(600));
            Instant x6 = day(D2).plus(Duration.ofMinutes(606));
            // A candidate sent before its unit's show is never converted, whatever the timestamps say.
            intake.send(List.of(candidate("k-ls", "u-ls", day(D2).plusSeconds(12 * 3_600), "i1"))).get(60, TimeUnit.SECONDS);
            Event show = exposure("x-ls", "u-ls", "C", day(D2).plusSeconds(11 * 3_600), List.of("i1"));
            acknowledged(intake.submit(List.of(show)).get(60, TimeUnit.SECONDS).accepted(), List.of(show));
            List<EventRecord> candidates = List.of(
                    candidate("k-0", "u-0", x0.plus(Duration.ofHours(1)), "i1"), // shown: a conversion
                    candidate("k-6", "u-6", x6.plus(Duration.ofMinutes(30)), "i2"), // shown: a conversion
                    candidate("k-2", "u-2", day(D1).plus(Duration.ofMinutes(700)), "i9"), // not shown
                    candidate("k-1", "u-1", day(D1).plus(Duration.ofMinutes(700)), "i1"), // u-1 was shown nothing
                    candidate("k-4", "u-4", day(D1).plus(Duration.ofDays(2).plusMinutes(604)), "i1")); // past the 2-day window
            intake.send(candidates).get(60, TimeUnit.SECONDS);
            expect("k-0", x0.plus(Duration.ofHours(1)));
            expect("k-6", x6.plus(Duration.ofMinutes(30)));
            firstEnd = endOffsets();
            firstBatch = copy(expected);

            // Batch 2: a client's retry of two ids (later receivedAt), a late exposure with a converted
            // candidate, and a record that no recolab node wrote.
            Event retry = new Event("x-0", EventType.EXPOSURE, LAKE, "u-0", x0, x0.plus(Duration.ofHours(2)), null, 0, "C",
                    true, List.of("i1", "i2"));
            Event retryConversion = conversion("c-3", "u-3", day(D1).plus(Duration.ofMinutes(603)).plus(Duration.ofHours(1)));
            Event late = exposure("x-12", "u-12", "C", day(D2).plusSeconds(20 * 3_600), List.of("i1"));
            acknowledged(intake.submit(List.of(retry, retryConversion, late)).get(60, TimeUnit.SECONDS).accepted(),
                    List.of(retry, retryConversion, late));
            intake.send(List.of(candidate("k-12", "u-12", day(D2).plusSeconds(21 * 3_600), "i1"))).get(60, TimeUnit.SECONDS);
            expect("k-12", day(D2).plusSeconds(21 * 3_600));
        }
        try (KafkaProducer<byte[], byte[]> other = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            other.send(new ProducerRecord<>(TOPIC, "not an event".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
        }

        // Up to the offsets after batch 1: exactly batch 1's distinct events, per day.
        Path lake = tmp.resolve("lake");
        String until = "{\"" + TOPIC + "\":{" + firstEnd.entrySet().stream()
                .map(e -> "\"" + e.getKey().partition() + "\":" + e.getValue()).collect(Collectors.joining(",")) + "}}";
        EventsToLakeJob.Summary first = EventsToLakeJob.run(LocalSpark.session(), new EventsToLakeJob.Options(
                broker.bootstrap(), "kafka", lake.toString(), null, 1, TOPIC, "earliest", until));
        assertThat(first.days()).containsExactly(D1, D2);
        assertThat(first.duplicates()).isEqualTo(1); // x-5
        assertThat(first.unconverted()).isEqualTo(4); // k-ls, k-2, k-1, k-4
        assertThat(first.skipped()).isZero();
        assertThat(idsPerDay(lake)).isEqualTo(firstBatch);

        // The whole topic: batch 2 too; the retried x-0 keeps its first receipt.
        EventsToLakeJob.Options all = EventsToLakeJob.Options.kafka("kafka:" + broker.bootstrap(), TOPIC, lake.toString(), null, 2);
        EventsToLakeJob.Summary second = EventsToLakeJob.run(LocalSpark.session(), all);
        assertThat(second.duplicates()).isEqualTo(3); // x-5, x-0, c-3
        assertThat(second.skipped()).isEqualTo(1);
        assertThat(second.unconverted()).isEqualTo(4);
        assertThat(second.events()).isEqualTo(expected.values().stream().mapToLong(TreeSet::size).sum());
        assertThat(idsPerDay(lake)).isEqualTo(expected);
        Row x0Row = LocalSpark.session().read().parquet(lake.toString()).where("id = 'x-0'").collectAsList().get(0);
        assertThat(x0Row.getTimestamp(x0Row.fieldIndex("received_at")).toInstant())
                .isEqualTo(day(D1).plus(Duration.ofMinutes(600)).plusSeconds(1));
        assertThat(x0Row.<String>getList(x0Row.fieldIndex("items"))).containsExactly("i1", "i2");
        assertThat(x0Row.getString(x0Row.fieldIndex("treatment"))).isEqualTo("C");
        Row out = LocalSpark.session().read().parquet(lake.toString()).where("id = 'x-out'").collectAsList().get(0);
        assertThat(out.getBoolean(out.fieldIndex("in_experiment"))).isFalse();
        Row k0 = LocalSpark.session().read().parquet(lake.toString()).where("id = 'k-0'").collectAsList().get(0);
        assertThat(k0.getString(k0.fieldIndex("type"))).isEqualTo("conversion");
        assertThat(k0.getString(k0.fieldIndex("metric"))).isEqualTo("purchase");
        assertThat(k0.isNullAt(k0.fieldIndex("items"))).isTrue();
        List<String> rows = allRows(lake);

        // Again over the same topic: not a row changes.
        EventsToLakeJob.Summary third = EventsToLakeJob.run(LocalSpark.session(), all);
        assertThat(third).isEqualTo(second);
        assertThat(allRows(lake)).isEqualTo(rows).hasSize((int) second.events());
    }

    @Test
    void badKafkaOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> EventsToLakeJob.options(new String[] {"--events", "kafka:nohost", "--lake", "l"}))
                .hasMessageContaining("'nohost' is not HOST:PORT");
        assertThatThrownBy(() -> EventsToLakeJob.options(new String[] {"--events", "kafka:h:9092", "--lake", "l",
                "--ending-offsets", "tomorrow"})).hasMessageContaining("--ending-offsets must be latest or JSON");
        assertThatThrownBy(() -> EventsToLakeJob.options(new String[] {"--events", "kafka:h:9092", "--lake", "l",
                "--format", "jsonl"})).hasMessageContaining("--format must be kafka");
        assertThatThrownBy(() -> EventsToLakeJob.options(new String[] {"--events", "exports/", "--lake", "l",
                "--topic", "t"})).hasMessageContaining("--topic applies only to --events kafka:");
        EventsToLakeJob.Options o = EventsToLakeJob.options(new String[] {"--events", "kafka:a:9092,b:9092", "--lake", "l"});
        assertThat(o).isEqualTo(new EventsToLakeJob.Options("a:9092,b:9092", "kafka", "l", null, 1, "recolab.events",
                "earliest", "latest"));
    }

    private void acknowledged(int accepted, List<Event> events) {
        assertThat(accepted).isEqualTo(events.size());
        events.forEach(e -> expect(e.id(), e.occurredAt()));
    }

    private void expect(String id, Instant at) {
        expected.computeIfAbsent(at.atZone(ZoneOffset.UTC).toLocalDate(), d -> new TreeSet<>()).add(id);
    }

    private static Map<LocalDate, TreeSet<String>> copy(Map<LocalDate, TreeSet<String>> m) {
        Map<LocalDate, TreeSet<String>> out = new TreeMap<>();
        m.forEach((d, ids) -> out.put(d, new TreeSet<>(ids)));
        return out;
    }

    private static Map<LocalDate, TreeSet<String>> idsPerDay(Path lake) {
        Map<LocalDate, TreeSet<String>> out = new TreeMap<>();
        for (Row r : LocalSpark.session().read().parquet(lake.toString()).select("day", "id").collectAsList()) {
            assertThat(out.computeIfAbsent(r.getDate(0).toLocalDate(), d -> new TreeSet<>()).add(r.getString(1)))
                    .as("one row per id").isTrue();
        }
        return out;
    }

    /** Every column of every row, as text, sorted. */
    private static List<String> allRows(Path lake) {
        return LocalSpark.session().read().parquet(lake.toString()).collectAsList().stream().map(Row::toString).sorted()
                .toList();
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            return c.endOffsets(parts);
        }
    }

    private static Instant day(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Event exposure(String id, String unit, String treatment, Instant at, List<String> items) {
        return new Event(id, EventType.EXPOSURE, LAKE, unit, at, at.plusSeconds(1), null, 0, treatment, true, items);
    }

    private static Event conversion(String id, String unit, Instant at) {
        return new Event(id, EventType.CONVERSION, LAKE, unit, at, at.plusSeconds(1), "purchase", 1.0, "C", true, List.of());
    }

    /** A conversion made from an interaction with {@code item}: it counts only if a show of the item covers it. */
    private static EventRecord candidate(String id, String unit, Instant at, String item) {
        return new EventRecord(conversion(id, unit, at), item);
    }
}
