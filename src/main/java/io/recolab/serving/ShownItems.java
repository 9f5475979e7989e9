package io.recolab.serving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each unit was recently shown in each experiment, so that a reported interaction can be
 * matched to the recommendation that showed its item. Held in memory for speed (the exposures in
 * the store are the durable record, reloaded at start) and bounded: the least recently touched
 * units are forgotten first, and shows older than the longest window are dropped.
 */
public final class ShownItems {
    public record Show(String experiment, String unit, Set<String> items, Instant at) {
    }

    private final int maxUnits;
    private final Duration keep;
    private final Map<String, Deque<Show>> byUnit;

    public ShownItems(int maxUnits, Duration keep) {
        this.maxUnits = maxUnits;
        this.keep = keep;
        this.byUnit = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Show>> eldest) {
                return size() > ShownItems.this.maxUnits;
            }
        };
    }

    private static String key(String experiment, String unit) {
        return experiment + '\n' + unit;
    }

    /** Indexes the exposures of a committed batch that list the items they showed. */
    public void addExposures(java.util.List<io.recolab.events.Event> events) {
        for (io.recolab.events.Event e : events) {
            if (e.type() == io.recolab.events.EventType.EXPOSURE && !e.shownItems().isEmpty()) {
                add(new Show(e.experimentKey(), e.unit(), java.util.Set.copyOf(e.shownItems()), e.occurredAt()));
            }
        }
    }

    public synchronized void add(Show show) {
        Deque<Show> shows = byUnit.computeIfAbsent(key(show.experiment(), show.unit()), k -> new ArrayDeque<>());
        shows.addLast(show);
        Instant horizon = show.at().minus(keep);
        while (!shows.isEmpty() && shows.peekFirst().at().isBefore(horizon)) {
            shows.removeFirst();
        }
    }

    /** Shows of {@code item} to the unit in {@code [at - window, at]}, earliest first. */
    public synchronized List<Show> showing(String experiment, String unit, String item, Instant at, Duration window) {
        Deque<Show> shows = byUnit.get(key(experiment, unit));
        List<Show> out = new ArrayList<>();
        if (shows == null) {
            return out;
        }
        for (Show s : shows) {
            if (!s.at().isAfter(at) && at.isBefore(s.at().plus(window)) && s.items().contains(item)) {
                out.add(s);
            }
        }
        return out;
    }
}
