package io.recolab.serving;

import io.recolab.events.ItemIds;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Shows read from the raw exposures in PostgreSQL (the durable record every node writes): one
 * query per call and experiment, whatever the number of units, on the partial index
 * {@code events_shows} (V8), which holds only the exposures that list their items.
 */
final class StoredShows implements ShowSource {
    private final Database database;

    StoredShows(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, List<ShownItems.Show>> shows(String experiment, Collection<String> units, Instant from, Instant to) {
        if (units.isEmpty()) {
            return Map.of();
        }
        return Jdbc.read(database, c -> {
            Map<String, List<ShownItems.Show>> out = new HashMap<>();
            // Unnested units, each looked up in the index by a lateral subquery (OFFSET 0 keeps it apart):
            // a plan that cannot turn into a scan of the experiment's rows, statistics or not.
            try (PreparedStatement ps = c.prepareStatement("SELECT x.u, s.shown_items, s.occurred_at"
                    + " FROM unnest(?::varchar[]) AS x(u) CROSS JOIN LATERAL (SELECT shown_items, occurred_at FROM events"
                    + " WHERE experiment_key = ? AND unit_id = x.u AND shown_items IS NOT NULL"
                    + " AND occurred_at >= ? AND occurred_at <= ? OFFSET 0) s")) {
                Array array = c.createArrayOf("varchar", units.toArray());
                ps.setArray(1, array);
                ps.setString(2, experiment);
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String unit = rs.getString(1);
                        out.computeIfAbsent(unit, u -> new ArrayList<>()).add(new ShownItems.Show(experiment, unit,
                                new HashSet<>(ItemIds.split(rs.getString(2))), rs.getTimestamp(3).toInstant()));
                    }
                }
                array.free();
            }
            return out;
        });
    }
}
