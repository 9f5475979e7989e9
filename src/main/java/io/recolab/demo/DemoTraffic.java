package io.recolab.demo;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.experiment.Catalog;
import io.recolab.serving.Interaction;
import io.recolab.serving.InteractionService;
import java.time.Instant;
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
 * get recommendations in the demo's experiment (an exposure each) and convert when one of the
 * shown items is among what they really went on to consume. Each treatment's conversion rate is
 * therefore its recommender's real hit rate on held-out behaviour, live. Only the demo's own
 * experiment, while it runs: the experiments of a user trying recolab must never hold synthetic
 * visitors.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
    private static final int ITEMS_SHOWN = 6;
    private static final long TICK_MILLIS = 100;

    private final String experiment;
    private final Catalog catalog;
    private final RecommendationService recommendations;
    private final InteractionService interactions;
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
     * @param experiment the key of the demo's experiment, the only one the visitors see
     * @param log    the whole log; the models learned from {@code log.before(cutoff)}
     * @param cutoff what happened from here on is the customers' future behaviour
     */
    public DemoTraffic(String experiment, Catalog catalog, RecommendationService recommendations,
                       InteractionService interactions, Interactions log, long cutoff, double visitorsPerSecond, long seed) {
        this.experiment = experiment;
        this.catalog = catalog;
        this.recommendations = recommendations;
        this.interactions = interactions;
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
        if (catalog.get(experiment).filter(Catalog.Entry::isRunning).isEmpty()) {
            return; // paused or stopped by its owner: no visitors
        }
        String unit = log.customers().id(customer);
        Recommended r = recommendations.recommend(experiment, unit, ITEMS_SHOWN);
        if (r.items().isEmpty()) {
            return; // models still training
        }
        String id = "demo-" + run + "-" + sequence.incrementAndGet();
        String bought = futureItemShown(r, customer);
        var logged = recommendations.logExposure(r, id);
        if (bought != null) {
            // The customer goes on to buy it: reported like any service would, once the
            // exposure is on record, through the same path (POST /api/v1/interactions).
            logged.thenRunAsync(() -> interactions.record(List.of(new Interaction(unit, bought, Instant.now())),
                    Instant.now()), clock);
        }
    }

    /** The first shown item the customer really consumed later, or null. */
    private String futureItemShown(Recommended r, int customer) {
        int[] future = futureItems[customer];
        for (Recommended.Item item : r.items()) {
            int index = log.items().index(item.item());
            if (index >= 0 && Arrays.binarySearch(future, index) >= 0) {
                return item.item();
            }
        }
        return null;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
