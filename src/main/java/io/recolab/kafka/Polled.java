package io.recolab.kafka;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One partition's records of a poll, as fetched (not yet decoded), and when the poll returned them:
 * the lane that writes the partition decodes them on its own thread, so decoding runs in parallel
 * with the consumer's next fetch and with the other lanes.
 */
record Polled(int partition, List<ConsumerRecord<byte[], byte[]>> records, Instant polledAt) {
    Polled {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a poll's partition has records");
        }
        records = List.copyOf(records);
    }

    /** The offset of the first record: where the partition is read again if its transaction fails. */
    long first() {
        return records.get(0).offset();
    }

    /** The offset after the last record: the partition's next offset once these are written. */
    long next() {
        return records.get(records.size() - 1).offset() + 1;
    }

    int size() {
        return records.size();
    }
}
