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

    public Ingestion(EventParser parser, EventWriter writer) {
        this(parser, writer, events -> { });
    }

    /** @param committed told of every batch once it is committed (e.g. to index what exposures showed) */
    public Ingestion(EventParser parser, EventWriter writer, Consumer<List<Event>> committed) {
        this.parser = parser;
        this.writer = writer;
        this.committed = committed;
    }

    public CompletableFuture<Receipt> ingest(JsonNode body) {
        List<Event> events = parser.parse(body);
        return writer.submit(events).thenApply(receipt -> {
            committed.accept(events);
            return receipt;
        });
    }
}
