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
 * units are forgotten first, and shows older than the longest window are dropped. The bound counts
 * shows, not units: a unit asked for recommendations in a loop (a bot, a retry storm) would
 * otherwise grow its own list for the whole window, without limit.
 */
public final class ShownItems {
    public record Show(String experiment, String unit, Set<String> items, Instant at) {
        /** Whether this show counts for an interaction with {@code item} at {@code at}: in {@code [at - window, at]}. */
        public boolean shows(String item, Instant when, Duration window) {
            return !at.isAfter(when) && when.isBefore(at.plus(window)) && items.contains(item);
        }
    }

    private final int maxShows;
    private final Duration keep;
    /** Access-ordered: iteration starts at the least recently touched unit. */
    private final LinkedHashMap<String, Deque<Show>> byUnit = new LinkedHashMap<>(1024, 0.75f, true);
    private int shows;

    /** @param maxShows shows held at most over all units (at one show per unit, that many units) */
    public ShownItems(int maxShows, Duration keep) {
        this.maxShows = maxShows;
        this.keep = keep;
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
        Deque<Show> unitShows = byUnit.computeIfAbsent(key(show.experiment(), show.unit()), k -> new ArrayDeque<>());
        unitShows.addLast(show);
        shows++;
        Instant horizon = show.at().minus(keep);
        while (!unitShows.isEmpty() && unitShows.peekFirst().at().isBefore(horizon)) {
            unitShows.removeFirst();
            shows--;
        }
        // Over budget: forget the least recently touched units, then this unit's oldest shows.
        var eldest = byUnit.entrySet().iterator();
        while (shows > maxShows && eldest.hasNext()) {
            Map.Entry<String, Deque<Show>> e = eldest.next();
            if (e.getValue() == unitShows) {
                break;
            }
            shows -= e.getValue().size();
            eldest.remove();
        }
        while (shows > maxShows && unitShows.size() > 1) {
            unitShows.removeFirst();
            shows--;
        }
    }

    /** Shows held now, over all units. */
    public synchronized int size() {
        return shows;
    }

    /** Shows of {@code item} to the unit in {@code [at - window, at]}, earliest first. */
    public synchronized List<Show> showing(String experiment, String unit, String item, Instant at, Duration window) {
        Deque<Show> shows = byUnit.get(key(experiment, unit));
        List<Show> out = new ArrayList<>();
        if (shows == null) {
            return out;
        }
        for (Show s : shows) {
            if (s.shows(item, at, window)) {
                out.add(s);
            }
        }
        return out;
    }
}
