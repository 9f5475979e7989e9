package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Status;
import io.recolab.experiment.Treatment;
import io.recolab.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A batch is classified against one state of the catalog. The catalog is refreshed on its own
 * thread (every --refresh-ms); when the refresh that shows a node the experiment's start landed in
 * the middle of a batch, the events parsed before it were excluded as "draft" and the rest analysed:
 * ExactlyOnceCrashTest once lost exactly one unit of an acknowledged batch this way (the first
 * exposure of the first batch a node parsed, slowed by class loading, as the refresh swapped).
 */
class EventParserCatalogTest {
    @Test
    void aRefreshDuringABatchNeverSplitsItsClassification() throws Exception {
        ExperimentDefinition d = new ExperimentDefinition("ks", "", null, 100, List.of(
                new Treatment("C", 1, "bestseller"), new Treatment("T1", 1, "item-to-item")), null, null);
        Instant now = Instant.now();
        Experiment draft = new Experiment(d, Status.DRAFT, now, now, 1, null);
        Experiment running = new Experiment(d, Status.RUNNING, now, now, 2, now.minusSeconds(60));
        Catalog catalog = new Catalog();
        catalog.put(draft);
        EventParser parser = new EventParser(catalog, Clock.systemUTC());
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < EventParser.MAX_EVENTS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"x-").append(i).append("\",\"type\":\"exposure\",\"experiment\":\"ks\","
                    + "\"unit\":\"u-").append(i).append("\",\"timestamp\":\"").append(now).append("\"}");
        }
        JsonNode batch = Json.parse(body.append("]}").toString());

        AtomicBoolean stop = new AtomicBoolean();
        Thread refresher = new Thread(() -> {
            while (!stop.get()) { // the start seen, then (another node's view) not yet: as fast as it goes
                catalog.put(running);
                catalog.put(draft);
            }
        }, "refresher");
        refresher.start();
        List<String> split = new ArrayList<>();
        Set<Exclusion> seen = new HashSet<>();
        try {
            for (int round = 0; round < 60; round++) {
                Set<Exclusion> classes = new HashSet<>();
                for (Event e : parser.parse(batch)) {
                    classes.add(e.exclusion() == null ? null : e.exclusion()); // null: analysed
                    seen.add(e.exclusion());
                }
                if (classes.size() > 1) {
                    split.add("round " + round + ": " + classes);
                }
            }
        } finally {
            stop.set(true);
            refresher.join();
        }
        assertThat(seen).as("both states were parsed against (the race was exercised)").contains(null, Exclusion.DRAFT);
        assertThat(split).as("batches classified partly draft, partly analysed").isEmpty();
    }
}
