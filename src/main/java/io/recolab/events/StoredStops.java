package io.recolab.events;

import io.recolab.experiment.Experiment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL (several nodes): an experiment another node has stopped is stopped here only after this
 * node's next catalog refresh, and what arrived in between was judged as if it still ran (up to 0.3 s
 * of conversions and new units counted after a stop, with a 0.5 s refresh). The stop is read from the
 * store in the writing transaction instead: an event that arrived at or after a stored stop and is dated
 * at or after it, and that the parser let in, is excluded as {@link Exclusion#STOPPED} (the rule of
 * {@link Experiment#stoppedBy}, which the exposures' "status on arrival" then also meets). An event that
 * arrived before the stop is counted by that arrival, also when a Kafka processor writes it later. One
 * primary-key read per group of events.
 */
final class StoredStops {
    private StoredStops() {
    }

    static List<Event> apply(Connection c, List<Event> events) throws SQLException {
        Set<String> keys = new java.util.TreeSet<>();
        for (Event e : events) {
            if (e.exclusion() == null) {
                keys.add(e.experimentKey());
            }
        }
        if (keys.isEmpty()) {
            return events;
        }
        Map<String, Instant> stopped = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT experiment_key, stopped_at FROM experiments"
                + " WHERE experiment_key = ANY(?) AND stopped_at IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stopped.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        return stopped.isEmpty() ? events : excludeStopped(events, stopped);
    }

    /** The events, those that arrived at or after their experiment's stop and are dated at or after it excluded. */
    static List<Event> excludeStopped(List<Event> events, Map<String, Instant> stopped) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            Instant stop = stopped.get(e.experimentKey());
            // Only what arrived at or after the stop: an event that arrived while the experiment ran (dated in the
            // future within the tolerated skew) is counted by that arrival (docs/events.md), also when a Kafka
            // processor writes it after the stop.
            boolean arrivedAfter = stop != null && !e.receivedAt().isBefore(stop);
            out.add(e.exclusion() == null && arrivedAfter && Experiment.stoppedBy(stop, e.occurredAt())
                    ? e.excludedAs(Exclusion.STOPPED) : e);
        }
        return out;
    }
}
