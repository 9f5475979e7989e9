package io.recolab.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the topic into the store, partition by partition, exactly once. One instance is one member
 * of a consumer group: Kafka spreads the partitions over the members and moves them when one joins
 * or dies. For each poll, one database transaction writes the events through the store's own
 * batch-write path ({@link EventStore#write}: duplicates by id removed, unit rows and rollups
 * updated) and the next offset of every partition it covers ({@code kafka_offsets}). Either both
 * commit or neither; a partition's new owner seeks to the stored offset. Kafka's own committed
 * offsets are not used for correctness at all (only the store knows what it holds).
 *
 * <p>Why not Kafka Streams with exactly_once_v2: its guarantee covers what is written back to Kafka;
 * the rows here go to a database, so a Streams sink would still need this same atomic
 * offset-with-rows transaction (or idempotent writes) on the database side.
 */
public final class Processor implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    /**
     * @param sessionTimeout how long a silent member (killed) keeps its partitions before the group moves them
     * @param dedupHorizon   how long after Kafka acknowledged a record its duplicates are promised to be
     *                       removed; a record read later than that is refused (see {@link #pastHorizon})
     */
    public record Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords,
                         Duration dedupHorizon) {
        public static final String DEFAULT_GROUP = "recolab-processor";
        /** The default retention of the event topic: a retry can arrive no later than that. */
        public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(7);

        public Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords) {
            this(target, group, sessionTimeout, maxPollRecords, DEFAULT_DEDUP_HORIZON);
        }

        public Config {
            if (dedupHorizon.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("the dedup horizon must be at least 1 minute, got " + dedupHorizon);
            }
            if (sessionTimeout.toMillis() < 6_000 || sessionTimeout.toMillis() > 300_000) {
                throw new IllegalArgumentException("session timeout must be within 6..300 s (the broker's bounds), got "
                        + sessionTimeout.toSeconds() + " s");
            }
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("maxPollRecords must be at least 1, got " + maxPollRecords);
            }
        }
    }

    private final Config config;
    private final Database database;
    /** Its own rollup rows, as a serving node has (store.NodeSlot): processors share no hot row. */
    private final io.recolab.store.NodeSlot slot;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final OffsetTable offsets;
    private final ShowTable shows = new ShowTable();
    private final Clock clock;
    private EventStore store;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong partitionsOwned = new AtomicLong();
    private final Counter written;
    private final Counter duplicates;
    private final Counter skipped;
    private final Counter pastHorizon;
    private final Counter conversionsMade;
    private final Timer visible;
    private final Timer transactions;
    private volatile boolean running = true;
    private Instant lastPrune = Instant.EPOCH;

    public Processor(Config config, Database database, MeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.clock = Clock.systemUTC();
        this.slot = io.recolab.store.NodeSlot.claim(database);
        this.store = newStore();
        this.offsets = new OffsetTable(config.group(), config.target().topic());
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        new KafkaClientMetrics(consumer).bindTo(registry);
        Gauge.builder("recolab_kafka_lag_records", lag, AtomicLong::get)
                .description("Records in the owned partitions not yet written to the store").register(registry);
        Gauge.builder("recolab_processor_partitions", partitionsOwned, AtomicLong::get)
                .description("Partitions this instance owns").register(registry);
        this.written = Counter.builder("recolab_processor_events").tag("outcome", "stored")
                .description("Events the processor wrote to the store").register(registry);
        this.duplicates = Counter.builder("recolab_processor_events").tag("outcome", "duplicate").register(registry);
        this.skipped = Counter.builder("recolab_processor_events").tag("outcome", "unreadable").register(registry);
        this.pastHorizon = Counter.builder("recolab_processor_events").tag("outcome", "past_horizon").register(registry);
        this.conversionsMade = Counter.builder("recolab_processor_interactions").tag("outcome", "converted")
                .description("Interaction candidates whose item the unit was shown").register(registry);
        this.visible = Timer.builder("recolab_processor_visible_seconds")
                .description("From the record's acknowledgement by Kafka to its commit in the store (results see it)")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.transactions = Timer.builder("recolab_processor_commit_seconds")
                .description("One transaction: a poll's records and their offsets").register(registry);
    }

    static Properties consumerConfig(Config config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.target().bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Only records of committed producer transactions (none today; future-proof) and plain records.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis() / 3));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "recolab-processor");
        return p;
    }

    private EventStore newStore() {
        // A fresh store after a failed transaction: what the old one kept in memory may have been rolled back.
        return new EventStore(database.dialect(), new Attribution(database.dialect(), slot.id()));
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(config.target().topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                seekToStored(assigned);
                partitionsOwned.set(consumer.assignment().size());
                LOG.info("processor owns {} partitions (assigned {})", consumer.assignment().size(), assigned.size());
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                // Nothing to flush: every poll's records are committed with their offsets before the next poll.
                partitionsOwned.set(Math.max(0, consumer.assignment().size() - revoked.size()));
            }
        });
        int failures = 0;
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    try {
                        process(records);
                        failures = 0;
                    } catch (RuntimeException e) {
                        failures++;
                        LOG.warn("processor transaction failed (attempt {}): {}; the records will be read again",
                                failures, e.getMessage());
                        store = newStore();
                        rewind(records);
                        sleep(Math.min(5_000, 100L << Math.min(failures, 6)));
                    }
                }
                updateLag();
                pruneShows();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(10)); // leaves the group: the others take the partitions at once
            slot.close();
        }
    }

    private void seekToStored(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        Set<Integer> ids = new HashSet<>();
        assigned.forEach(tp -> ids.add(tp.partition()));
        Map<Integer, Long> stored = null;
        for (int attempt = 1; stored == null && running; attempt++) {
            try {
                stored = Jdbc.read(database, c -> offsets.load(c, ids));
            } catch (RuntimeException e) {
                // Without its stored offsets a partition must not be read at all: wait for the store.
                LOG.warn("cannot read the stored offsets (attempt {}): {}", attempt, e.getMessage());
                sleep(Math.min(5_000, 100L << Math.min(attempt, 6)));
            }
        }
        if (stored == null) {
            return; // stopping
        }
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            Long next = stored.get(tp.partition());
            if (next == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        List<EventRecord> decoded = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        long oldestTimestamp = Long.MAX_VALUE;
        List<Long> timestamps = new ArrayList<>(records.count());
        Instant polledAt = clock.instant();
        int late = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
            if (pastHorizon(r.timestamp(), polledAt, config.dedupHorizon())) {
                late++;
                continue;
            }
            try {
                decoded.add(EventRecord.decode(r.value()));
                timestamps.add(r.timestamp());
                oldestTimestamp = Math.min(oldestTimestamp, r.timestamp());
            } catch (IllegalArgumentException e) {
                // Not written by a recolab node: skipping it is visible in the metrics and the log, and
                // it must not stop the partition for ever.
                skipped.increment();
                LOG.warn("skipping record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        long started = System.nanoTime();
        int[] counts = Jdbc.inTransaction(database, c -> {
            Set<ShowTable.UnitKey> needShows = new HashSet<>();
            for (EventRecord r : decoded) {
                if (r.ifShown() != null) {
                    needShows.add(new ShowTable.UnitKey(r.event().experimentKey(), r.event().unit()));
                }
            }
            Map<ShowTable.UnitKey, List<ShowTable.Show>> known = needShows.isEmpty() ? new HashMap<>()
                    : new HashMap<>(shows.load(c, needShows));
            List<Event> events = new ArrayList<>(decoded.size());
            int converted = 0;
            for (EventRecord r : decoded) {
                Event e = r.event();
                ShowTable.UnitKey unit = new ShowTable.UnitKey(e.experimentKey(), e.unit());
                if (r.ifShown() == null) {
                    events.add(e);
                    if (e.type() == EventType.EXPOSURE && !e.shownItems().isEmpty() && needShows.contains(unit)) {
                        // Later records of this poll see this show, as they would after its commit.
                        known.computeIfAbsent(unit, k -> new ArrayList<>())
                                .add(new ShowTable.Show(Set.copyOf(e.shownItems()), e.occurredAt()));
                    }
                    continue;
                }
                MetricSpec metric = e.experiment().metrics().get(e.metric());
                Duration window = Duration.ofDays(metric.windowDays());
                if (known.getOrDefault(unit, List.of()).stream().anyMatch(s -> s.covers(r.ifShown(), e.occurredAt(), window))) {
                    events.add(e);
                    converted++;
                }
            }
            boolean[] duplicate = store.write(c, events);
            List<Event> fresh = new ArrayList<>(events.size());
            int dups = 0;
            for (int i = 0; i < events.size(); i++) {
                if (duplicate[i]) {
                    dups++;
                } else {
                    fresh.add(events.get(i));
                }
            }
            shows.insert(c, fresh);
            offsets.save(c, next, clock.instant());
            return new int[] {fresh.size(), dups, converted};
        });
        transactions.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        written.increment(counts[0]);
        duplicates.increment(counts[1]);
        conversionsMade.increment(counts[2]);
        if (late > 0) { // counted once their offsets are stored: a failed transaction reads them again
            pastHorizon.increment(late);
            LOG.warn("refused {} records acknowledged more than the dedup horizon ({}) ago: a replay, not a retry",
                    late, config.dedupHorizon());
        }
        long now = clock.millis();
        for (long t : timestamps) {
            visible.record(Math.max(0, now - t), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether a record is past the dedup horizon: Kafka acknowledged it (its timestamp, set when the
     * serving node produced it) longer than the horizon ago. Duplicates are removed by event id; the
     * promise is for copies arriving within the horizon of each other, which covers every retry a
     * client or node makes while the topic keeps the record (its retention, 7 days by default). A
     * record read later than that (a processor that was down longer than the retention, a topic
     * re-read from its beginning with a longer retention) is a replay: it is refused and counted
     * ({@code recolab_processor_events_total{outcome="past_horizon"}}) instead of adding old traffic
     * to results that were already read. Records without a timestamp (-1) are never past it.
     */
    static boolean pastHorizon(long timestampMillis, Instant now, Duration horizon) {
        return timestampMillis >= 0 && timestampMillis < now.minus(horizon).toEpochMilli();
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}: a whole number of days, hours or minutes. */
    public static Duration horizon(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,6})([dhm])").matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--dedup-horizon must be a whole number of days, hours or minutes, like 7d,"
                    + " 36h or 90m; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private void updateLag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag.set(total);
    }

    private void pruneShows() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        try {
            int pruned = Jdbc.inTransaction(database, c -> shows.prune(c, now.minus(Duration.ofDays(MetricSpec.MAX_WINDOW_DAYS))));
            if (pruned > 0) {
                LOG.info("pruned {} shows older than the longest metric window", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot prune old shows: {}", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the current transaction and leaves the group (safe from another thread). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
