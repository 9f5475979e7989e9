package io.recolab.events;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where validated events go: the store's group-commit writer ({@link EventWriter}, the default), or
 * an event stream that a processor writes to the store later ({@code io.recolab.kafka.KafkaIntake}).
 * Either way a future completes only once the events are durable where the sink keeps them.
 */
public interface EventSink {
    /** Completes once the events are durable; fails with an unavailable error (503) otherwise. */
    CompletableFuture<Receipt> submit(List<Event> events);

    /** Like {@link #submit}, for events nobody waits on (server-logged exposures): the sink may batch them. */
    CompletableFuture<Receipt> submitDeferred(List<Event> events);
}
