package io.recolab.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Event;
import io.recolab.events.EventParser;
import io.recolab.events.Receipt;
import io.recolab.json.Json;
import io.recolab.serving.ConversionPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * With the event stream, a unit's shows live with its partition, not with the node that served
 * the recommendation: every candidate conversion goes to the unit's partition with the item it
 * needs ({@link EventRecord#ifShown()}), and the processor that owns the partition decides, in
 * partition order, from the shows stored before it. So any node may receive either the
 * recommendation or the interaction. The receipt counts candidates acknowledged, not conversions.
 */
public final class PartitionConversions implements ConversionPath {
    private final EventParser parser;
    private final KafkaIntake intake;

    public PartitionConversions(EventParser parser, KafkaIntake intake) {
        this.parser = parser;
        this.intake = intake;
    }

    @Override
    public CompletableFuture<Receipt> convert(List<Candidate> candidates) {
        List<EventRecord> records = new ArrayList<>(candidates.size());
        for (int from = 0; from < candidates.size(); from += EventParser.MAX_EVENTS) {
            List<Candidate> chunk = candidates.subList(from, Math.min(candidates.size(), from + EventParser.MAX_EVENTS));
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode events = body.putArray("events");
            chunk.forEach(c -> events.add(c.event()));
            List<Event> parsed = parser.parse(body); // the same validation and treatment as any conversion
            for (int i = 0; i < parsed.size(); i++) {
                records.add(new EventRecord(parsed.get(i), chunk.get(i).item()));
            }
        }
        return intake.send(records);
    }
}
