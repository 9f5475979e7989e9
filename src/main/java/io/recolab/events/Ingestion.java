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
    private final EventWriter writer;
    private final Consumer<List<Event>> committed;
    private final EventMetrics metrics;

    public Ingestion(EventParser parser, EventWriter writer) {
        this(parser, writer, events -> { });
    }

    /** @param committed told of every batch once it is committed (e.g. to index what exposures showed) */
    public Ingestion(EventParser parser, EventWriter writer, Consumer<List<Event>> committed) {
        this(parser, writer, committed, EventMetrics.NONE);
    }

    /** @param metrics counts accepted, duplicate and rejected events */
    public Ingestion(EventParser parser, EventWriter writer, Consumer<List<Event>> committed, EventMetrics metrics) {
        this.parser = parser;
        this.writer = writer;
        this.committed = committed;
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
        return writer.submit(events).whenComplete((receipt, failure) -> {
            if (failure == null) {
                metrics.received(receipt.accepted(), receipt.duplicates());
            } else {
                metrics.rejected(events.size(), "unavailable");
            }
        }).thenApply(receipt -> {
            committed.accept(events);
            return receipt;
        });
    }
}
