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
            n.put("exclusion", e.exclusion().wireName());
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

    /** @throws IllegalArgumentException for a record no recolab node wrote (it is skipped and logged) */
    public static EventRecord decode(byte[] value) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(value);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            Map<String, MetricSpec> metrics = new HashMap<>();
            n.get("metrics").fields().forEachRemaining(m -> metrics.put(m.getKey(), new MetricSpec(m.getKey(),
                    MetricSpec.Type.valueOf(m.getValue().get("type").asText().toUpperCase(Locale.ROOT)),
                    m.getValue().get("windowDays").asInt())));
            String type = n.get("type").asText();
            List<String> items = new ArrayList<>();
            if (n.has("items")) {
                n.get("items").forEach(i -> items.add(i.asText()));
            }
            EventType eventType = "exposure".equals(type) ? EventType.EXPOSURE : EventType.CONVERSION;
            boolean inExperiment = n.get("inExperiment").asBoolean();
            // Why an exposure was left out, as the serving node decided (draft, paused, stopped, before the
            // start, outside exposurePercent); records written before the field existed said only "outside".
            Exclusion exclusion = n.hasNonNull("exclusion") ? exclusion(n.get("exclusion").asText())
                    : eventType == EventType.EXPOSURE && !inExperiment ? Exclusion.OUTSIDE_EXPOSURE : null;
            Event e = new Event(n.get("id").asText(), eventType,
                    new ExperimentSnapshot(n.get("experiment").asText(), metrics), n.get("unit").asText(),
                    Instant.parse(n.get("occurredAt").asText()), Instant.parse(n.get("receivedAt").asText()),
                    n.hasNonNull("metric") ? n.get("metric").asText() : null, n.get("value").asDouble(),
                    n.get("treatment").asText(), inExperiment, items, exclusion);
            if (n.hasNonNull("slices")) {
                Map<String, String> slices = new HashMap<>();
                n.get("slices").fields().forEachRemaining(f -> slices.put(f.getKey(), f.getValue().asText()));
                e = new Event(e.id(), e.type(), e.experiment(), e.unit(), e.occurredAt(), e.receivedAt(), e.metric(),
                        e.value(), e.treatment(), e.inExperiment(), e.shownItems(), e.exclusion(), slices);
            }
            return new EventRecord(e, n.hasNonNull("ifShown") ? n.get("ifShown").asText() : null);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a recolab event record: " + ex.getMessage(), ex);
        }
    }

    private static Exclusion exclusion(String wireName) {
        for (Exclusion x : Exclusion.values()) {
            if (x.wireName().equals(wireName)) {
                return x;
            }
        }
        throw new IllegalArgumentException("unknown exclusion '" + wireName + "'");
    }
}
