package io.recolab.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
     *                       removed; a record read later than that is refused (see {@link DedupHorizon#isPast})
     */
    public record Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords,
                         Duration dedupHorizon, int writers, Keep keep) {
        public static final String DEFAULT_GROUP = "recolab-processor";
        /** The default retention of the event topic: a retry can arrive no later than that. */
        public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(7);

        /** Writer lanes per instance: PostgreSQL writes a poll's partitions on this many connections at once. */
        public static final int DEFAULT_WRITERS = 2;
        /** Records of one poll, hence of one transaction per lane: see {@code process --max-poll-records}. */
        public static final int DEFAULT_MAX_POLL_RECORDS = 20_000;
        public static final int MAX_WRITERS = 16;

        public Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords) {
            this(target, group, sessionTimeout, maxPollRecords, DEFAULT_DEDUP_HORIZON);
        }

        public Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords, Duration dedupHorizon) {
            this(target, group, sessionTimeout, maxPollRecords, dedupHorizon, DEFAULT_WRITERS);
        }

        public Config(KafkaTarget target, String group, Duration sessionTimeout, int maxPollRecords, Duration dedupHorizon,
                      int writers) {
            this(target, group, sessionTimeout, maxPollRecords, dedupHorizon, writers, Keep.EVENTS);
        }

        public Config {
            if (dedupHorizon.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("the dedup horizon must be at least 1 minute, got " + dedupHorizon);
            }
            if (sessionTimeout.toMillis() < 6_000 || sessionTimeout.toMillis() > 300_000) {
                throw new IllegalArgumentException("session timeout must be within 6..300 s (the broker's bounds), got "
                        + sessionTimeout.toSeconds() + " s");
            }
            if (writers < 1 || writers > MAX_WRITERS) {
                throw new IllegalArgumentException("writers must be within 1.." + MAX_WRITERS + ", got " + writers);
            }
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("--max-poll-records must be at least 1, got " + maxPollRecords);
            }
        }
    }

    /**
     * What the processor writes to the store. {@code EVENTS}: what the direct path writes (raw events,
     * unit rows, rollups), so exports and every metric kind read the store. {@code ROLLUPS}: only the
     * rollups and excluded counts, with ids, units and shows kept as the partitions' keyed state
     * ({@link PartitionState}, changelogged in {@code kafka_state}); raw events then live in the topic
     * and the lake (spark/ EventsToLakeJob), and the store holds no row per event or per unit.
     */
    public enum Keep {
        EVENTS, ROLLUPS;

        public static Keep of(String text) {
            for (Keep k : values()) {
                if (k.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--keep must be events or rollups, got '" + text + "'");
        }
    }

    private final Config config;
    private final Database database;
    /** The owned partitions' keyed state; null when keeping events. */
    private final KeyedStates states;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final OffsetTable offsets;
    private final ShowTable shows = new ShowTable();
    private final Clock clock;
    /** Each with its own rollup rows (store.NodeSlot), as a serving node has: lanes and processors share no hot row. */
    private final List<WriterLane> lanes = new ArrayList<>();
    /** The transactions running while the next poll is read and decoded; null when none. */
    private InFlight inFlight;
    private final StoreLag lag = new StoreLag();
    private final ProcessorMetrics metrics;
    /** Where each owned partition is read from: on assignment, revocation and after a failed transaction. */
    private final PartitionOwnership ownership;
    private volatile boolean running = true;
    private Instant lastPrune = Instant.EPOCH;

    public Processor(Config config, Database database, MeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.clock = Clock.systemUTC();
        this.offsets = new OffsetTable(config.group(), config.target().topic());
        // H2 is one process's embedded store: one writer (its known-units memory is per writer).
        int writers = database.dialect() == io.recolab.store.Dialect.H2 ? 1 : config.writers();
        // One slice cap for all lanes: each with its own would admit up to 50 new values per dimension in one poll.
        io.recolab.events.SliceCap sliceCap = new io.recolab.events.SliceCap();
        this.states = config.keep() == Keep.ROLLUPS
                ? new KeyedStates(database, offsets, new StateTable(config.group(), config.target().topic(), clock,
                config.dedupHorizon()))
                : null;
        this.metrics = new ProcessorMetrics(registry, clock, config.dedupHorizon(), lag, states);
        for (int i = 0; i < writers; i++) {
            java.util.function.Function<io.recolab.store.NodeSlot, WriterLane.PartWriter> writer = states == null
                    ? slot -> new RowWriter(database.dialect(), slot, sliceCap, offsets, clock)
                    : slot -> new StateWriter(database.dialect(), slot, sliceCap, states, offsets, clock);
            lanes.add(new WriterLane(database, i, writer, new PollDecoder(config.dedupHorizon()),
                    metrics::committed));
        }
        try {
            this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            lanes.forEach(WriterLane::close);
            throw new IllegalArgumentException("--kafka " + config.target().bootstrap() + ": " + KafkaTarget.cause(e), e);
        }
        new KafkaClientMetrics(consumer).bindTo(registry);
        this.ownership = new PartitionOwnership(consumer, config.target().topic(), database, offsets, states, lag, metrics,
                this::awaitInFlight, () -> running);
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
        // A poll of max.poll.records needs several partitions' worth of fetched data at hand.
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "recolab-processor");
        return p;
    }

    @Override
    public void run() {
        if (states == null) {
            refuseKeyedState();
        }
        consumer.subscribe(List.of(config.target().topic()), ownership);
        int failures = 0;
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                // Fetched while the lanes decode and write the previous poll: the JVM's work overlaps the database's.
                Map<Integer, Polled> parts = byPartition(records);
                Map<Integer, Long> failed = finishInFlight();
                if (!failed.isEmpty()) {
                    failures++;
                    // Those partitions go back to their first unwritten record; what this poll read of them is dropped.
                    Map<Integer, Polled> kept = new HashMap<>(parts);
                    kept.keySet().removeAll(failed.keySet());
                    parts = kept;
                    ownership.rewind(failed);
                    sleep(Math.min(5_000, 100L << Math.min(failures, 6)));
                } else if (!parts.isEmpty()) {
                    failures = 0;
                }
                if (!parts.isEmpty()) {
                    dispatch(parts);
                }
                updateLag();
                if (states == null) {
                    pruneShows(); // the keyed state prunes its shows at its snapshots
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            // A refusal in the rebalance callback (a group written in the other --keep mode) reaches here wrapped.
            if (e.getCause() instanceof IllegalStateException refused) {
                throw refused;
            }
            throw e;
        } finally {
            try {
                finishInFlight();
            } finally {
                consumer.close(Duration.ofSeconds(10)); // leaves the group: the others take the partitions at once
                lanes.forEach(WriterLane::close);
            }
        }
    }

    /** Keeping events where an instance kept rollups would count the topic's retries again: refused. */
    private void refuseKeyedState() {
        StateTable table = new StateTable(config.group(), config.target().topic(), clock, config.dedupHorizon());
        if (Jdbc.read(database, table::any)) {
            throw new IllegalStateException(table.keptRollups());
        }
    }

    /** The poll's records by partition (each partition is decoded and written by one lane, in order). */
    private Map<Integer, Polled> byPartition(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Polled> parts = new HashMap<>();
        Instant polledAt = clock.instant();
        for (TopicPartition tp : records.partitions()) {
            parts.put(tp.partition(), new Polled(tp.partition(), records.records(tp), polledAt));
        }
        return parts;
    }

    /** Hands the poll's partitions to the lanes, balanced by record count: one transaction per lane. */
    private void dispatch(Map<Integer, Polled> byPartition) {
        List<Polled> sorted = new ArrayList<>(byPartition.values());
        sorted.sort(java.util.Comparator.comparingInt(Polled::size).reversed());
        int n = Math.min(lanes.size(), sorted.size());
        List<List<Polled>> perLane = new ArrayList<>();
        long[] size = new long[n];
        for (int i = 0; i < n; i++) {
            perLane.add(new ArrayList<>());
        }
        for (Polled p : sorted) {
            int smallest = 0;
            for (int i = 1; i < n; i++) {
                if (size[i] < size[smallest]) {
                    smallest = i;
                }
            }
            perLane.get(smallest).add(p);
            size[smallest] += p.size() + 1;
        }
        List<Map<Integer, Long>> firsts = new ArrayList<>(n);
        List<Future<WriterLane.Outcome>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<Integer, Long> first = new HashMap<>();
            perLane.get(i).forEach(p -> first.put(p.partition(), p.first()));
            firsts.add(first);
            futures.add(lanes.get(i).submit(perLane.get(i)));
        }
        inFlight = new InFlight(firsts, futures);
    }

    /** @param firsts per lane, the first offset of each of its partitions: where they are read again if it fails */
    private record InFlight(List<Map<Integer, Long>> firsts, List<Future<WriterLane.Outcome>> outcomes) {
    }

    /** Waits for the running transactions without reading their outcome (a rebalance: see run's next step). */
    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        for (Future<WriterLane.Outcome> f : inFlight.outcomes()) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // reported by finishInFlight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for the running transactions and counts what they committed.
     *
     * @return the first offsets of the partitions whose transaction failed: to be read again
     */
    private Map<Integer, Long> finishInFlight() {
        if (inFlight == null) {
            return Map.of();
        }
        InFlight done = inFlight;
        inFlight = null;
        Map<Integer, Long> failed = new HashMap<>();
        for (int i = 0; i < done.firsts().size(); i++) {
            Map<Integer, Long> first = done.firsts().get(i);
            try {
                awaitRefreshingEnds(done.outcomes().get(i));
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("processor transaction failed: {}; partitions {} will be read again", e.getCause().getMessage(),
                        new java.util.TreeSet<>(first.keySet()));
                failed.putAll(first);
            }
        }
        return failed;
    }

    /**
     * Waits for a lane's transaction; while it runs (a slow or locked store), the log end offsets are
     * read again every second, so that the lag gauge keeps growing with what arrives meanwhile.
     */
    private <T> T awaitRefreshingEnds(Future<T> f) throws java.util.concurrent.ExecutionException {
        while (true) {
            try {
                return f.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                try {
                    consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(1))
                            .forEach((tp, end) -> lag.endIs(tp.partition(), end));
                } catch (RuntimeException ex) {
                    LOG.debug("cannot read end offsets: {}", ex.getMessage());
                }
            } catch (InterruptedException e) {
                return getUninterruptibly(f);
            }
        }
    }

    private static <T> T getUninterruptibly(Future<T> f) throws java.util.concurrent.ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Learns each owned partition's log end offset from the last fetch (position + the fetch's lag). */
    private void updateLag() {
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong behind = consumer.currentLag(tp);
            if (behind.isPresent()) {
                lag.endIs(tp.partition(), consumer.position(tp) + behind.getAsLong());
            }
        }
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

    static void sleep(long millis) {
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
