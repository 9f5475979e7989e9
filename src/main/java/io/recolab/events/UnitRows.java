package io.recolab.events;

import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SQL for the per-unit state: {@code experiment_units} (with the unit's metric values) and {@code unit_conversions}. */
final class UnitRows {
    /**
     * A unit's treatment and first analysed exposure, both null while only its conversions are known,
     * its running metric values (empty until a conversion counts, which needs an exposure) and its
     * first {@link #INLINE} conversions, kept in the row for re-reads (later ones go to {@code unit_conversions}).
     */
    record Unit(String unit, String treatment, Instant firstExposure, Map<String, Rollup.UnitValue> values,
                List<Conversion> inline) {
        Unit {
            values = Map.copyOf(values);
            inline = List.copyOf(inline);
        }

        boolean exposed() {
            return firstExposure != null;
        }
    }

    /** One stored conversion of a unit, re-read when its window has to be recomputed. */
    record Conversion(String metric, double value, Instant at) {
    }

    record MetricKey(String unit, String metric) {
    }

    /**
     * Conversions kept in the unit's own row: most units convert a few times, and then a conversion
     * costs no row of its own. Bounded, so that a unit converting often does not rewrite an ever
     * longer row; beyond it, each conversion is a {@code unit_conversions} row as before.
     */
    static final int INLINE = 16;

    private final String lock;

    UnitRows(Dialect dialect) {
        // Several PostgreSQL nodes may update one unit at once: lock its rows for the read-modify-write.
        // H2 is embedded in a single node, whose single writer already serialises these updates.
        this.lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    Map<String, Unit> load(Connection c, String experiment, List<String> units) throws SQLException {
        Map<String, Unit> found = new HashMap<>();
        for (int from = 0; from < units.size(); from += EventStore.CHUNK) {
            List<String> chunk = units.subList(from, Math.min(units.size(), from + EventStore.CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, treatment, first_exposure_at, metric_values,"
                    + " inline_conversions"
                    + " FROM experiment_units WHERE (experiment_key, unit_id) IN (" + EventStore.rows(chunk.size(), 2) + ")"
                    // Sorted callers plus ORDER BY: PostgreSQL locks the rows in unit order on every node.
                    + (lock.isEmpty() ? "" : " ORDER BY unit_id") + lock)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, experiment);
                    ps.setString(2 * i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                        found.put(rs.getString(1), new Unit(rs.getString(1), rs.getString(2),
                                at == null ? null : at.toInstant(), UnitValues.decode(rs.getString(4)),
                                UnitValues.decodeConversions(rs.getString(5))));
                    }
                }
            }
        }
        return found;
    }

    List<Conversion> conversions(Connection c, String experiment, String unit) throws SQLException {
        List<Conversion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT metric, event_value, occurred_at FROM unit_conversions"
                + " WHERE experiment_key = ? AND unit_id = ?")) {
            ps.setString(1, experiment);
            ps.setString(2, unit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Conversion(rs.getString(1), rs.getDouble(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return out;
    }

    /** Keeps conversions beyond a unit's {@link #INLINE} findable by unit, for a later re-read. */
    void insertConversions(Connection c, List<Event> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO unit_conversions (experiment_key, unit_id, event_id,"
                + " metric, event_value, occurred_at) VALUES (?,?,?,?,?,?)")) {
            boolean any = false;
            for (Event e : events) {
                if (e.type() == EventType.CONVERSION) {
                    ps.setString(1, e.experimentKey());
                    ps.setString(2, e.unit());
                    ps.setString(3, e.id());
                    ps.setString(4, e.metric());
                    ps.setDouble(5, e.value());
                    ps.setObject(6, EventStore.utc(e.occurredAt()));
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    void insertUnits(Connection c, String experiment, Collection<Unit> units) throws SQLException {
        batch(c, "INSERT INTO experiment_units (treatment, first_exposure_at, metric_values, inline_conversions,"
                + " experiment_key, unit_id) VALUES (?,?,?,?,?,?)", experiment, units);
    }

    void updateUnits(Connection c, String experiment, Collection<Unit> units) throws SQLException {
        batch(c, "UPDATE experiment_units SET treatment = ?, first_exposure_at = ?, metric_values = ?,"
                + " inline_conversions = ? WHERE experiment_key = ? AND unit_id = ?", experiment, units);
    }

    private static void batch(Connection c, String sql, String experiment, Collection<Unit> units) throws SQLException {
        if (units.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Unit u : units) {
                ps.setString(1, u.treatment());
                ps.setObject(2, u.exposed() ? EventStore.utc(u.firstExposure()) : null);
                ps.setString(3, UnitValues.encode(new TreeMap<>(u.values())));
                ps.setString(4, UnitValues.encodeConversions(u.inline()));
                ps.setString(5, experiment);
                ps.setString(6, u.unit());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
