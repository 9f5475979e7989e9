package io.recolab.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a lane's share of a poll into the part it writes: each record decoded (one decoder per lane,
 * as {@link RecordDecoder} is not thread-safe), records past the dedup horizon left out, records no
 * recolab node wrote skipped with a warning; both counted in the part, for the metrics once its
 * offsets commit.
 */
final class PollDecoder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PollDecoder.class);
    private final RecordDecoder decoder = new RecordDecoder();
    private final Duration horizon;

    PollDecoder(Duration horizon) {
        this.horizon = horizon;
    }

    /** The partitions' records as one part, interleaved by record timestamp (see {@link WriterLane.Part#joined}). */
    WriterLane.Part decode(List<Polled> polled) {
        List<WriterLane.Part> parts = new ArrayList<>(polled.size());
        for (Polled p : polled) {
            parts.add(decode(p));
        }
        return parts.size() == 1 ? parts.get(0) : WriterLane.Part.joined(parts);
    }

    private WriterLane.Part decode(Polled polled) {
        List<EventRecord> decoded = new ArrayList<>(polled.size());
        List<Long> timestamps = new ArrayList<>(polled.size());
        int late = 0;
        int unreadable = 0;
        for (ConsumerRecord<byte[], byte[]> r : polled.records()) {
            if (DedupHorizon.isPast(r.timestamp(), polled.polledAt(), horizon)) {
                late++;
                continue;
            }
            try {
                decoded.add(decoder.decode(r.value()));
                timestamps.add(r.timestamp());
            } catch (IllegalArgumentException e) {
                // Not written by a recolab node: skipping it is visible in the metrics and the log, and
                // it must not stop the partition for ever.
                unreadable++;
                LOG.warn("skipping record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        int partition = polled.partition();
        return new WriterLane.Part(decoded, timestamps, Collections.nCopies(decoded.size(), partition),
                Map.of(partition, polled.next()), Map.of(partition, polled.first()), late, unreadable);
    }
}
