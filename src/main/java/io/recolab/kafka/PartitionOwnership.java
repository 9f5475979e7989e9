package io.recolab.kafka;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a processor reads each partition it owns. On assignment: from the offset stored with the
 * partition's rows, or, keeping rollups, from where its keyed state (loaded then, with its offsets in
 * one snapshot) is; from the beginning for a partition never written. On revocation: only after the
 * running transactions end (commit or fail), so that the next owner reads what they stored. After
 * failed transactions: again from their partitions' first unwritten record ({@link #rewind}).
 * Called on the consumer's thread (Kafka calls the listener from {@code poll}).
 */
final class PartitionOwnership implements ConsumerRebalanceListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartitionOwnership.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Database database;
    private final OffsetTable offsets;
    /** Null when keeping events. */
    private final KeyedStates states;
    private final StoreLag lag;
    private final ProcessorMetrics metrics;
    private final Runnable awaitInFlight;
    private final BooleanSupplier running;

    /**
     * @param awaitInFlight waits for the running transactions to end
     * @param running false once the processor stops (reads of the store are then given up)
     */
    PartitionOwnership(KafkaConsumer<byte[], byte[]> consumer, String topic, Database database, OffsetTable offsets,
                       KeyedStates states, StoreLag lag, ProcessorMetrics metrics, Runnable awaitInFlight,
                       BooleanSupplier running) {
        this.consumer = consumer;
        this.topic = topic;
        this.database = database;
        this.offsets = offsets;
        this.states = states;
        this.lag = lag;
        this.metrics = metrics;
        this.awaitInFlight = awaitInFlight;
        this.running = running;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        seekToStored(assigned);
        metrics.owns(consumer.assignment().size());
        LOG.info("processor owns {} partitions (assigned {})", consumer.assignment().size(), assigned.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        // The running transactions end (commit or fail) before another member may read these partitions.
        awaitInFlight.run();
        metrics.owns(consumer.assignment().size() - revoked.size());
        revoked.forEach(tp -> lag.revoked(tp.partition()));
        if (states != null) {
            states.drop(revoked.stream().map(TopicPartition::partition).toList());
        }
    }

    private void seekToStored(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        Set<Integer> ids = new HashSet<>();
        assigned.forEach(tp -> ids.add(tp.partition()));
        // With keyed state, read on from where the loaded state is (it was read with its offsets, in one snapshot).
        Map<Integer, Long> stored = states == null
                ? untilStored("the stored offsets", () -> Jdbc.read(database, c -> offsets.load(c, ids)))
                : untilStored("the partitions' state", () -> loadStates(ids));
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
                lag.resumed(tp.partition(), next);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
            try {
                consumer.beginningOffsets(fresh, Duration.ofSeconds(5)).forEach((tp, o) -> lag.resumed(tp.partition(), o));
            } catch (RuntimeException e) {
                LOG.debug("no beginning offsets yet: {}", e.getMessage());
            }
        }
    }

    /**
     * Reads from the store until it answers (without its stored offsets a partition must not be read at
     * all); null if the instance stops meanwhile. An {@link IllegalStateException} (state of the other
     * {@code --keep} mode or of another partition count) is not the store failing: it ends the instance.
     */
    private <T> T untilStored(String what, java.util.function.Supplier<T> read) {
        for (int attempt = 1; running.getAsBoolean(); attempt++) {
            try {
                return read.get();
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("cannot read {} (attempt {}): {}", what, attempt, e.getMessage());
                Processor.sleep(Math.min(5_000, 100L << Math.min(attempt, 6)));
            }
        }
        return null;
    }

    /** Loads the partitions' keyed state; @return where each partition with a stored offset reads on */
    private Map<Integer, Long> loadStates(Collection<Integer> partitions) {
        states.load(partitions, consumer.partitionsFor(topic).size());
        Map<Integer, Long> at = new HashMap<>();
        for (int partition : partitions) {
            Long next = states.next(partition);
            if (next != null) {
                at.put(partition, next);
            }
        }
        return at;
    }

    /**
     * After failed transactions: their partitions are read again from their first unwritten record, or,
     * with keyed state, from where the state reloaded as stored is.
     */
    void rewind(Map<Integer, Long> firstOffsets) {
        if (states != null) {
            // What the failed transactions changed in memory was not committed: read the state as stored
            // (of the partitions still owned; a revoked one's new owner reads it).
            Set<Integer> owned = new HashSet<>();
            consumer.assignment().forEach(tp -> owned.add(tp.partition()));
            owned.retainAll(firstOffsets.keySet());
            states.drop(firstOffsets.keySet());
            untilStored("the partitions' state", () -> loadStates(owned));
        }
        for (Map.Entry<Integer, Long> e : firstOffsets.entrySet()) {
            TopicPartition tp = new TopicPartition(topic, e.getKey());
            if (consumer.assignment().contains(tp)) {
                // With keyed state, from where the reloaded state is: a failed transaction may have committed
                // after all (a lost answer to the commit), or another instance may have written on since.
                Long loaded = states == null ? null : states.next(e.getKey());
                consumer.seek(tp, loaded != null ? loaded : e.getValue());
            }
        }
    }
}
