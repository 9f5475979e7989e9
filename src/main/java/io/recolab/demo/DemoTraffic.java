package io.recolab.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.events.Ingestion;
import io.recolab.experiment.Catalog;
import io.recolab.json.Json;
import io.recolab.serving.RecommendationService;
import io.recolab.serving.Recommended;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's traffic: customers who were active after the models' cutoff visit, one after another,
 * get recommendations in every running experiment (an exposure each) and convert when one of the
 * shown items is among what they really went on to consume. Each treatment's conversion rate is
 * therefore its recommender's real hit rate on held-out behaviour, live.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
    private static final int ITEMS_SHOWN = 6;
    private static final long TICK_MILLIS = 100;

    private final Catalog catalog;
    private final RecommendationService recommendations;
    private final Ingestion ingestion;
    private final Interactions log;
    private final int[] visitors;
    private final int[][] futureItems;
    private final double visitorsPerTick;
    private final SplittableRandom random;
    private final AtomicLong sequence = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recolab-demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private double owed;

    /**
     * @param log    the whole log; the models learned from {@code log.before(cutoff)}
     * @param cutoff what happened from here on is the customers' future behaviour
     */
    public DemoTraffic(Catalog catalog, RecommendationService recommendations, Ingestion ingestion, Interactions log,
                       long cutoff, double visitorsPerSecond, long seed) {
        this.catalog = catalog;
        this.recommendations = recommendations;
        this.ingestion = ingestion;
        this.log = log;
        this.visitorsPerTick = visitorsPerSecond * TICK_MILLIS / 1000.0;
        this.random = new SplittableRandom(seed);
        CustomerItems before = log.before(cutoff).customerItems();
        Set<Integer>[] future = futureOf(log, cutoff, before);
        this.futureItems = new int[log.customerCount()][];
        int count = 0;
        for (int c = 0; c < future.length; c++) {
            if (future[c] != null) {
                futureItems[c] = future[c].stream().mapToInt(Integer::intValue).sorted().toArray();
                count++;
            }
        }
        this.visitors = new int[count];
        int v = 0;
        for (int c = 0; c < future.length; c++) {
            if (future[c] != null) {
                visitors[v++] = c;
            }
        }
    }

    /** New items each customer consumed at or after the cutoff (what a good recommender would show). */
    @SuppressWarnings("unchecked")
    private static Set<Integer>[] futureOf(Interactions log, long cutoff, CustomerItems before) {
        Set<Integer>[] future = new Set[log.customerCount()];
        for (int p = log.positionOf(cutoff); p < log.size(); p++) {
            int c = log.customer(p);
            if (!before.owns(c, log.item(p))) {
                if (future[c] == null) {
                    future[c] = new HashSet<>();
                }
                future[c].add(log.item(p));
            }
        }
        return future;
    }

    public void start() {
        LOG.info("demo traffic: {} customers with future behaviour visit at {} per second", visitors.length,
                visitorsPerTick * 1000 / TICK_MILLIS);
        clock.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            owed += visitorsPerTick;
            while (owed >= 1 && visitors.length > 0) {
                owed -= 1;
                visit(visitors[random.nextInt(visitors.length)]);
            }
        } catch (RuntimeException e) {
            LOG.warn("demo traffic: {}", e.getMessage());
        }
    }

    private void visit(int customer) {
        String unit = log.customers().id(customer);
        List<Catalog.Entry> running = catalog.all().stream().filter(Catalog.Entry::isRunning).toList();
        for (Catalog.Entry entry : running) {
            Recommended r = recommendations.recommend(entry.definition().key(), unit, ITEMS_SHOWN);
            if (r.items().isEmpty()) {
                continue; // models still training
            }
            String id = "demo-" + run + "-" + sequence.incrementAndGet();
            recommendations.logExposure(r, id);
            if (r.assignment().inExperiment() && showsFutureItem(r, customer)) {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.putArray("events").addObject().put("id", id + "-c").put("type", "conversion")
                        .put("experiment", entry.definition().key()).put("unit", unit)
                        .put("metric", entry.definition().primaryMetric().name()).put("value", 1);
                // After the exposure in the same writer queue, so it is counted within the window.
                ingestion.ingest(body);
            }
        }
    }

    private boolean showsFutureItem(Recommended r, int customer) {
        int[] future = futureItems[customer];
        for (Recommended.Item item : r.items()) {
            int index = log.items().index(item.item());
            if (index >= 0 && Arrays.binarySearch(future, index) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
