package io.recolab.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/v1/events} as a plain service: validate the whole batch (cheap, in memory),
 * then hand it to the group-commit writer; the future completes once the events are committed.
 */
public final class Ingestion {
    private final EventParser parser;
    private final EventWriter writer;

    public Ingestion(EventParser parser, EventWriter writer) {
        this.parser = parser;
        this.writer = writer;
    }

    public CompletableFuture<Receipt> ingest(JsonNode body) {
        return writer.submit(parser.parse(body));
    }
}
