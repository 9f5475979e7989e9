package io.recolab.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.Exclusion;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One record of the event topic: a validated event exactly as the serving node saw it (treatment,
 * whether the unit was in the experiment, the experiment's metrics at that moment, both instants),
 * so that the processor stores what the direct path would have stored, whatever the catalog says
 * later. A conversion made from an interaction also carries {@code ifShown}: it counts only if a
 * show of that item to the unit, stored with the unit's partition, lies within the metric's window.
 * Keyed by (experiment, unit): one partition holds all of a unit's records, in order.
 */
public record EventRecord(Event event, String ifShown) {
    public static byte[] key(String experiment, String unit) {
        return (experiment + '\n' + unit).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] key() {
        return key(event.experimentKey(), event.unit());
    }

    public byte[] encode() {
        Event e = event;
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", e.id()).put("type", e.type().wireName()).put("experiment", e.experimentKey()).put("unit", e.unit())
                .put("occurredAt", e.occurredAt().toString()).put("receivedAt", e.receivedAt().toString())
                .put("value", e.value()).put("treatment", e.treatment()).put("inExperiment", e.inExperiment());
        if (e.metric() != null) {
            n.put("metric", e.metric());
        }
        if (e.exclusion() != null) {
            // Rolling upgrade: a processor of the previous release refuses (skips and loses) a record whose
            // exclusion it does not know. Reasons added since are written as the one such a processor read
            // for them (outsideExposure) in "exclusion", and exactly in "reason", which newer decoders prefer.
            Exclusion x = e.exclusion();
            boolean added = x == Exclusion.OUTSIDE_LAYER || x == Exclusion.HELD_OUT;
            n.put("exclusion", added ? Exclusion.OUTSIDE_EXPOSURE.wireName() : x.wireName());
            if (added) {
                n.put("reason", x.wireName());
            }
        }
        if (!e.shownItems().isEmpty()) {
            ArrayNode items = n.putArray("items");
            e.shownItems().forEach(items::add);
        }
        if (!e.slices().isEmpty()) {
            ObjectNode slices = n.putObject("slices");
            new java.util.TreeMap<>(e.slices()).forEach(slices::put);
        }
        ObjectNode metrics = n.putObject("metrics");
        for (MetricSpec m : e.experiment().metrics().values()) {
            if (m.type() == MetricSpec.Type.RATIO) {
                continue; // takes no conversions (EventParser refuses them); the processor needs no entry
            }
            metrics.putObject(m.name()).put("type", m.type().wireName()).put("windowDays", m.windowDays());
        }
        if (ifShown != null) {
            n.put("ifShown", ifShown);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @throws IllegalArgumentException for a record no recolab node wrote (it is skipped and logged)
     * @see RecordDecoder the processor's decoder (one per thread), which this uses
     */
    public static EventRecord decode(byte[] value) {
        return new RecordDecoder().decode(value);
    }
}
