package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event id makes a retry harmless; an id reused with other content is not a retry, and the sender
 * must hear of it (EventStore.Written.conflict, the receipt's conflictIds), or the event is lost silently.
 */
final class IdConflicts {
    private IdConflicts() {
    }

    /**
     * Compares each duplicate with what its id holds: the group's first event of that id, else the
     * stored row (read for duplicates only, so a batch without retries reads nothing more).
     */
    static boolean[] of(Connection c, List<Event> events, boolean[] duplicate) throws SQLException {
        boolean[] conflict = new boolean[events.size()];
        // The group's event of each id that was stored: later copies in the group compare with it.
        Map<String, Event> storedHere = new java.util.HashMap<>();
        Map<String, List<Integer>> againstStored = new java.util.LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (!duplicate[i]) {
                storedHere.put(EventStore.key(e), e);
                continue;
            }
            Event earlier = storedHere.get(EventStore.key(e));
            if (earlier != null) {
                conflict[i] = !StoredEvent.of(earlier).sameAs(e);
            } else {
                againstStored.computeIfAbsent(EventStore.key(e), k -> new ArrayList<>()).add(i);
            }
        }
        if (againstStored.isEmpty()) {
            return conflict;
        }
        List<Event> keys = againstStored.values().stream().map(l -> events.get(l.get(0))).toList();
        for (int from = 0; from < keys.size(); from += EventStore.CHUNK) {
            List<Event> chunk = keys.subList(from, Math.min(keys.size(), from + EventStore.CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_key, event_id, event_type, unit_id, metric,"
                    + " event_value, occurred_at, received_at FROM events WHERE (experiment_key, event_id) IN ("
                    + EventStore.rows(chunk.size(), 2) + ")")) {
                int p = 1;
                for (Event e : chunk) {
                    ps.setString(p++, e.experimentKey());
                    ps.setString(p++, e.id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent stored = new StoredEvent(rs.getString(3), rs.getString(4), rs.getString(5), rs.getDouble(6),
                                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getObject(8, OffsetDateTime.class).toInstant());
                        for (int i : againstStored.getOrDefault(rs.getString(1) + '\n' + rs.getString(2), List.of())) {
                            conflict[i] = !stored.sameAs(events.get(i));
                        }
                    }
                }
            }
        }
        return conflict;
    }
}
