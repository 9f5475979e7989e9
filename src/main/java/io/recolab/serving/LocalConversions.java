package io.recolab.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Ingestion;
import io.recolab.events.Receipt;
import io.recolab.json.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The shows this node logged itself ({@link ShownItems}) decide which candidates become conversions. */
public final class LocalConversions implements ConversionPath {
    private final ShownItems shown;
    private final Ingestion ingestion;

    public LocalConversions(ShownItems shown, Ingestion ingestion) {
        this.shown = shown;
        this.ingestion = ingestion;
    }

    @Override
    public CompletableFuture<Receipt> convert(List<Candidate> candidates) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (Candidate c : candidates) {
            if (!shown.showing(c.experiment(), c.unit(), c.item(), c.at(), c.window()).isEmpty()) {
                events.add(c.event());
            }
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Receipt(0, 0));
        }
        return ingestion.ingest(body);
    }
}
