package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.ItemIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code kafka_shows}: what recommendations showed each unit, written and read by the unit's partition. */
final class ShowTable {
    record UnitKey(String experiment, String unit) {
    }

    record Show(Set<String> items, Instant at) {
        /** The same rule as the serving node's {@code ShownItems.showing}: shown at or before, within the window. */
        boolean covers(String item, Instant interaction, Duration window) {
            return !at.isAfter(interaction) && interaction.isBefore(at.plus(window)) && items.contains(item);
        }
    }

    private static final int CHUNK = 500;

    Map<UnitKey, List<Show>> load(Connection c, Set<UnitKey> units) throws SQLException {
        Map<UnitKey, List<Show>> out = new HashMap<>();
        List<UnitKey> all = new ArrayList<>(units);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<UnitKey> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String rows = String.join(",", java.util.Collections.nCopies(chunk.size(), "(?,?)"));
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_key, unit_id, items, shown_at FROM kafka_shows"
                    + " WHERE (experiment_key, unit_id) IN (" + rows + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, chunk.get(i).experiment());
                    ps.setString(2 * i + 2, chunk.get(i).unit());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(new UnitKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                .add(new Show(new HashSet<>(ItemIds.split(rs.getString(3))),
                                        rs.getObject(4, OffsetDateTime.class).toInstant()));
                    }
                }
            }
        }
        return out;
    }

    /** Stores the shows of newly stored exposures that list items. */
    void insert(Connection c, List<Event> exposures) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kafka_shows (experiment_key, unit_id, event_id, shown_at,"
                + " items) VALUES (?,?,?,?,?)")) {
            boolean any = false;
            for (Event e : exposures) {
                if (e.type() == EventType.EXPOSURE && !e.shownItems().isEmpty()) {
                    ps.setString(1, e.experimentKey());
                    ps.setString(2, e.unit());
                    ps.setString(3, e.id());
                    ps.setObject(4, e.occurredAt().atOffset(ZoneOffset.UTC));
                    ps.setString(5, ItemIds.join(e.shownItems()));
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /** Shows older than any metric's window can no longer make a conversion. */
    int prune(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kafka_shows WHERE shown_at < ?")) {
            ps.setObject(1, before.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }
}
