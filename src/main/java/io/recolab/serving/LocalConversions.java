package io.recolab.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Ingestion;
import io.recolab.events.Receipt;
import io.recolab.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Conversions decided where the events are written directly to the store: first by the shows this
 * node logged itself ({@link ShownItems}, memory); what they do not explain is looked up once per
 * call and experiment among the shows other nodes sharing the store made ({@link ShowSource}), so a
 * purchase reported to another node than the one that showed the item still converts.
 */
public final class LocalConversions implements ConversionPath {
    private final ShownItems shown;
    private final ShowSource others;
    private final Ingestion ingestion;

    public LocalConversions(ShownItems shown, ShowSource others, Ingestion ingestion) {
        this.shown = shown;
        this.others = others;
        this.ingestion = ingestion;
    }

    @Override
    public CompletableFuture<Receipt> convert(List<Candidate> candidates) {
        List<Candidate> unexplained = new ArrayList<>();
        Map<String, Misses> misses = new LinkedHashMap<>();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (Candidate c : candidates) {
            if (!shown.showing(c.experiment(), c.unit(), c.item(), c.at(), c.window()).isEmpty()) {
                events.add(c.event());
            } else {
                unexplained.add(c);
                misses.computeIfAbsent(c.experiment(), k -> new Misses()).add(c);
            }
        }
        Map<String, Map<String, List<ShownItems.Show>>> elsewhere = new HashMap<>();
        misses.forEach((key, m) -> elsewhere.put(key, others.shows(key, m.units, m.from, m.to)));
        for (Candidate c : unexplained) {
            if (elsewhere.getOrDefault(c.experiment(), Map.of()).getOrDefault(c.unit(), List.of())
                    .stream().anyMatch(show -> show.shows(c.item(), c.at(), c.window()))) {
                events.add(c.event());
            }
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Receipt(0, 0));
        }
        return ingestion.ingest(body);
    }

    /** The units of one experiment to look up in the store, and the time span their windows cover. */
    private static final class Misses {
        final Set<String> units = new HashSet<>();
        Instant from = Instant.MAX;
        Instant to = Instant.MIN;

        void add(Candidate c) {
            units.add(c.unit());
            Instant start = c.at().minus(c.window());
            from = start.isBefore(from) ? start : from;
            to = c.at().isAfter(to) ? c.at() : to;
        }
    }
}
