package io.recolab.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's lag as its users mean it: records in the owned partitions that Kafka holds and the store
 * does not yet (log end offset less the next offset stored, per partition). Not the consumer's own lag, which
 * is its fetch position's: records polled and still being written, or waiting for a locked store, count here.
 * Written by the poll thread and the lanes' commit callbacks, read by the metrics scrape.
 */
final class StoreLag {
    private final Map<Integer, Long> storedNext = new ConcurrentHashMap<>();
    private final Map<Integer, Long> endOffsets = new ConcurrentHashMap<>();

    /** The store holds the partition up to {@code next} (exclusive); offsets only move forward. */
    void stored(int partition, long next) {
        storedNext.merge(partition, next, Math::max);
    }

    /** A newly assigned partition resumes at {@code next} (from the offset table or the log's beginning). */
    void resumed(int partition, long next) {
        storedNext.put(partition, next);
    }

    void endIs(int partition, long end) {
        endOffsets.put(partition, end);
    }

    void revoked(int partition) {
        storedNext.remove(partition);
        endOffsets.remove(partition);
    }

    long records() {
        long total = 0;
        for (Map.Entry<Integer, Long> e : storedNext.entrySet()) {
            Long end = endOffsets.get(e.getKey());
            if (end != null) {
                total += Math.max(0, end - e.getValue());
            }
        }
        return total;
    }
}
