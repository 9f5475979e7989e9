package io.recolab.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a processor shows in {@code /metrics}: its throughput by outcome, the lag of what it owns,
 * its keyed state's size, and the time from Kafka's acknowledgement to the commit that makes an
 * event visible. Counts move when a lane's transaction has committed (a failed one reads its
 * records again, so counting earlier would count them twice).
 */
final class ProcessorMetrics {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessorMetrics.class);
    private final Clock clock;
    private final Duration dedupHorizon;
    private final StoreLag lag;
    private final AtomicLong partitionsOwned = new AtomicLong();
    private final Counter written;
    private final Counter duplicates;
    private final Counter unreadable;
    /** Events whose id was stored with other content: not stored, and their senders were answered already. */
    private final Counter conflicts;
    private final Counter pastHorizon;
    private final Counter conversionsMade;
    private final Timer visible;
    private final Timer transactions;

    /** @param states the keyed state, whose size is shown; null when keeping events */
    ProcessorMetrics(MeterRegistry registry, Clock clock, Duration dedupHorizon, StoreLag lag, KeyedStates states) {
        this.clock = clock;
        this.dedupHorizon = dedupHorizon;
        this.lag = lag;
        this.written = Counter.builder("recolab_processor_events").tag("outcome", "stored")
                .description("Events the processor wrote to the store").register(registry);
        this.duplicates = Counter.builder("recolab_processor_events").tag("outcome", "duplicate").register(registry);
        this.unreadable = Counter.builder("recolab_processor_events").tag("outcome", "unreadable").register(registry);
        this.conflicts = Counter.builder("recolab_processor_events").tag("outcome", "conflict").register(registry);
        this.pastHorizon = Counter.builder("recolab_processor_events").tag("outcome", "past_horizon").register(registry);
        this.conversionsMade = Counter.builder("recolab_processor_interactions").tag("outcome", "converted")
                .description("Interaction candidates whose item the unit was shown").register(registry);
        if (states != null) {
            // What the heap holds (--keep rollups): the figures to size an instance's memory by.
            Gauge.builder("recolab_processor_state_units", states, KeyedStates::units)
                    .description("Units in the keyed state of the partitions this instance owns").register(registry);
            Gauge.builder("recolab_processor_state_ids", states, KeyedStates::ids)
                    .description("Event ids the keyed state remembers for the dedup horizon").register(registry);
        }
        Gauge.builder("recolab_kafka_lag_records", lag, StoreLag::records)
                .description("Records in the owned partitions not yet written to the store").register(registry);
        Gauge.builder("recolab_processor_partitions", partitionsOwned, AtomicLong::get)
                .description("Partitions this instance owns").register(registry);
        this.visible = Timer.builder("recolab_processor_visible_seconds")
                .description("From the record's acknowledgement by Kafka to its commit in the store (results see it)")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.transactions = Timer.builder("recolab_processor_commit_seconds")
                .description("One lane's transaction: its partitions' records of a poll and their offsets").register(registry);
    }

    void owns(int partitions) {
        partitionsOwned.set(Math.max(0, partitions));
    }

    /** What a lane committed, counted on its thread right after the commit. */
    void committed(WriterLane.Part part, WriterLane.Outcome counts) {
        part.next().forEach(lag::stored);
        transactions.record(counts.nanos(), TimeUnit.NANOSECONDS);
        written.increment(counts.stored());
        duplicates.increment(counts.duplicates());
        conflicts.increment(counts.conflicts());
        conversionsMade.increment(counts.converted());
        unreadable.increment(part.unreadable());
        if (part.late() > 0) {
            pastHorizon.increment(part.late());
            LOG.warn("refused {} records acknowledged more than the dedup horizon ({}) ago: a replay, not a retry",
                    part.late(), dedupHorizon);
        }
        long now = clock.millis();
        for (long t : part.timestamps()) {
            visible.record(Math.max(0, now - t), TimeUnit.MILLISECONDS);
        }
    }
}
