package io.recolab.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code POST /api/v1/events} as a plain service: validate the whole batch (cheap, in memory),
 * then hand it to the group-commit writer; the future completes once the events are committed.
 */
public final class Ingestion {
    private final EventParser parser;
    private final EventSink writer;
    private final Consumer<List<Event>> stored;
    private final EventMetrics metrics;

    /**
     * @param stored  told of every batch that is stored or will be (e.g. to index what exposures
     *                showed): a client's batch once committed, a server-logged one once queued
     * @param metrics counts accepted, duplicate and rejected events
     */
    public Ingestion(EventParser parser, EventSink writer, Consumer<List<Event>> stored, EventMetrics metrics) {
        this.parser = parser;
        this.writer = writer;
        this.stored = stored;
        this.metrics = metrics;
    }

    public CompletableFuture<Receipt> ingest(JsonNode body) {
        List<Event> events;
        try {
            events = parser.parse(body);
        } catch (RuntimeException e) {
            JsonNode batch = body == null ? null : body.get("events");
            metrics.rejected(batch != null && batch.isArray() ? Math.max(1, batch.size()) : 1, "invalid");
            throw e;
        }
        return counted(writer.submit(events), events.size()).thenApply(receipt -> {
            stored.accept(events);
            return receipt;
        });
    }

    /**
     * Events the server makes itself (the exposures of its recommendations), validated like a client's
     * but committed with the writer's next group without anyone waiting ({@link EventWriter#submitDeferred}).
     * They are announced as soon as they are queued: the client may report the unit's behaviour the
     * moment it has the answer, and that behaviour must find what was shown. The first future says
     * whether the writer took them (false: its queue is full or it is stopping); the second, in
     * {@link Logged#committed()}, completes at commit.
     */
    public Logged log(JsonNode body) {
        List<Event> events = parser.parse(body);
        CompletableFuture<Receipt> committed = counted(writer.submitDeferred(events), events.size());
        boolean queued = !committed.isCompletedExceptionally();
        if (queued) {
            stored.accept(events);
        }
        return new Logged(queued, committed);
    }

    private CompletableFuture<Receipt> counted(CompletableFuture<Receipt> written, int events) {
        return written.whenComplete((receipt, failure) -> {
            if (failure == null) {
                metrics.received(receipt.accepted(), receipt.duplicates());
            } else {
                metrics.rejected(events, "unavailable");
            }
        });
    }

    /** @param queued whether the writer took the events; {@code committed} completes at their commit */
    public record Logged(boolean queued, CompletableFuture<Receipt> committed) {
    }
}
