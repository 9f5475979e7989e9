package io.recolab.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns candidate conversions into stored ones: each candidate becomes a conversion only if the
 * recommendation shows of its unit listed its item within the metric's window. Where the shows
 * live decides the implementation: in this node's memory ({@link LocalConversions}), or with the
 * unit's partition of an event stream ({@code io.recolab.kafka.PartitionConversions}).
 */
public interface ConversionPath {
    /**
     * @param event  the conversion as {@code POST /api/v1/events} takes it (its id derives from the interaction)
     * @param item   the item the interaction was about
     * @param window how long after a show the interaction still counts
     */
    record Candidate(ObjectNode event, String experiment, String unit, String item, java.time.Instant at, Duration window) {
    }

    /** Completes once the conversions that count are durable; the receipt counts those. */
    CompletableFuture<Receipt> convert(List<Candidate> candidates);
}
