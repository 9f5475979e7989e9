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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** SQL for the per-unit state (the {@link UnitTable} of the direct path and of processors writing rows): {@code experiment_units} (with the unit's metric values) and {@code unit_conversions}. */
final class UnitRows implements UnitTable {
    record MetricKey(String unit, String metric) {
    }

    private static final String COLUMNS = "unit_id, treatment, first_exposure_at, metric_values, inline_conversions,"
            + " slice_values";
    /** Several PostgreSQL nodes may update one unit at once; H2 is embedded in one node, whose single writer serialises them. */
    private final boolean postgres;

    UnitRows(Dialect dialect) {
        this.postgres = dialect == Dialect.POSTGRESQL;
    }

    boolean postgres() {
        return postgres;
    }

    @Override
    public boolean shared() {
        return postgres;
    }

    /**
     * The stored rows of these units. PostgreSQL: one statement with an array parameter, locking the
     * rows for the read-modify-write in the callers' (sorted) order, the same on every node, so two
     * nodes' groups sharing units wait for each other instead of deadlocking. The units are unnested
     * and each is looked up in the primary key by a lateral subquery: the lock inside it keeps the
     * planner from a hash join, which on a table without statistics yet (a new deployment, a growing
     * table between analyses) scanned every unit of the experiment per group (200 ms at 60,000 units;
     * {@code unit_id = ANY(?)} did the same with a filter, 3 s with a generic plan), against 3 ms.
     */
    @Override
    public Map<String, Unit> load(Connection c, String experiment, List<String> units) throws SQLException {
        Map<String, Unit> found = new HashMap<>();
        if (postgres) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM unnest(?::varchar[]) AS x(u)"
                    + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM experiment_units WHERE experiment_key = ?"
                    + " AND unit_id = x.u FOR UPDATE) e")) {
                ps.setArray(1, c.createArrayOf("varchar", units.toArray()));
                ps.setString(2, experiment);
                read(ps, found);
            }
            return found;
        }
        return loadInLists(c, experiment, units, found);
    }

    /** PostgreSQL: the stored rows of these units, without a lock (they may change before commit). */
    @Override
    public Map<String, Unit> peek(Connection c, String experiment, List<String> units) throws SQLException {
        Map<String, Unit> found = new HashMap<>();
        // LIMIT 1 keeps the lateral subquery apart, so each unit is one primary-key lookup (see load).
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM unnest(?::varchar[]) AS x(u)"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM experiment_units WHERE experiment_key = ?"
                + " AND unit_id = x.u LIMIT 1) e")) {
            ps.setArray(1, c.createArrayOf("varchar", units.toArray()));
            ps.setString(2, experiment);
            read(ps, found);
        }
        return found;
    }

    /** H2: row-value IN lists, which H2 looks up row by row in the primary key. */
    private static Map<String, Unit> loadInLists(Connection c, String experiment, List<String> units, Map<String, Unit> found)
            throws SQLException {
        for (int from = 0; from < units.size(); from += EventStore.CHUNK) {
            List<String> chunk = units.subList(from, Math.min(units.size(), from + EventStore.CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM experiment_units WHERE (experiment_key, unit_id) IN (" + EventStore.rows(chunk.size(), 2) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, experiment);
                    ps.setString(2 * i + 2, chunk.get(i));
                }
                read(ps, found);
            }
        }
        return found;
    }

    private static void read(PreparedStatement ps, Map<String, Unit> found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                found.put(rs.getString(1), new Unit(rs.getString(1), rs.getString(2),
                        at == null ? null : at.toInstant(), UnitValues.decode(rs.getString(4)),
                        UnitValues.decodeConversions(rs.getString(5)), decodeSlices(rs.getString(6))));
            }
        }
    }

    /** Slice values as a JSON object (V16); null for none. */
    static String encodeSlices(Map<String, String> slices) {
        return slices.isEmpty() ? null : io.recolab.json.Json.write(new TreeMap<>(slices));
    }

    static Map<String, String> decodeSlices(String stored) {
        if (stored == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        io.recolab.json.Json.readOwn(stored).fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    @Override
    public List<Conversion> conversions(Connection c, String experiment, String unit) throws SQLException {
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
    @Override
    public void insertConversions(Connection c, List<Event> events) throws SQLException {
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

    /**
     * Inserts new units' rows. @return the units another node inserted meanwhile (PostgreSQL: not
     * inserted here, no error: {@code ON CONFLICT DO NOTHING} waits for that node's transaction, and
     * the caller redoes its work on the row now stored); always empty on H2.
     */
    @Override
    public Set<String> insertUnits(Connection c, String experiment, List<Unit> units) throws SQLException {
        if (!postgres || units.isEmpty()) {
            batch(c, "INSERT INTO experiment_units (treatment, first_exposure_at, metric_values, inline_conversions,"
                    + " slice_values, experiment_key, unit_id) VALUES (?,?,?,?,?,?,?)", experiment, units);
            return Set.of();
        }
        // In the callers' (sorted) order: each node waits on the others' new rows in one order.
        Set<String> raced = new HashSet<>();
        units.forEach(u -> raced.add(u.unit()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_units (experiment_key, unit_id, treatment,"
                + " first_exposure_at, metric_values, inline_conversions, slice_values)"
                + " SELECT ?, u, t, f::timestamptz, v, i, s FROM unnest(?::varchar[], ?::varchar[], ?::text[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[]) WITH ORDINALITY AS x(u, t, f, v, i, s, n) ORDER BY n ON CONFLICT DO NOTHING"
                + " RETURNING unit_id")) {
            ps.setString(1, experiment);
            arrays(c, ps, 2, units);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raced.remove(rs.getString(1));
                }
            }
        }
        return raced;
    }

    @Override
    public void updateUnits(Connection c, String experiment, List<Unit> units) throws SQLException {
        if (!postgres || units.isEmpty()) {
            batch(c, "UPDATE experiment_units SET treatment = ?, first_exposure_at = ?, metric_values = ?,"
                    + " inline_conversions = ?, slice_values = ? WHERE experiment_key = ? AND unit_id = ?", experiment, units);
            return;
        }
        // One statement for all rows, locked by load() already. An upsert whose rows all exist is an
        // update found through the primary key, row by row, whatever the planner knows of the table:
        // UPDATE ... FROM unnest(...) was planned as a hash join over all the experiment's units.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_units (experiment_key, unit_id, treatment,"
                + " first_exposure_at, metric_values, inline_conversions, slice_values)"
                + " SELECT ?, u, t, f::timestamptz, v, i, s FROM unnest(?::varchar[], ?::varchar[], ?::text[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[]) AS x(u, t, f, v, i, s) ON CONFLICT (experiment_key, unit_id) DO UPDATE SET"
                + " treatment = EXCLUDED.treatment, first_exposure_at = EXCLUDED.first_exposure_at,"
                + " metric_values = EXCLUDED.metric_values, inline_conversions = EXCLUDED.inline_conversions,"
                + " slice_values = EXCLUDED.slice_values")) {
            ps.setString(1, experiment);
            arrays(c, ps, 2, units);
            ps.executeUpdate();
        }
    }

    /** Binds units as six arrays (unit, treatment, first exposure as ISO text, values, inline conversions, slices) from {@code at}. */
    private static void arrays(Connection c, PreparedStatement ps, int at, List<Unit> units) throws SQLException {
        int n = units.size();
        String[] unit = new String[n];
        String[] treatment = new String[n];
        String[] first = new String[n];
        String[] values = new String[n];
        String[] inline = new String[n];
        String[] slices = new String[n];
        for (int i = 0; i < n; i++) {
            Unit u = units.get(i);
            unit[i] = u.unit();
            treatment[i] = u.treatment();
            first[i] = u.exposed() ? u.firstExposure().toString() : null;
            values[i] = UnitValues.encode(new TreeMap<>(u.values()));
            inline[i] = UnitValues.encodeConversions(u.inline());
            slices[i] = encodeSlices(u.slices());
        }
        ps.setArray(at, c.createArrayOf("varchar", unit));
        ps.setArray(at + 1, c.createArrayOf("varchar", treatment));
        ps.setArray(at + 2, c.createArrayOf("varchar", first));
        ps.setArray(at + 3, c.createArrayOf("varchar", values));
        ps.setArray(at + 4, c.createArrayOf("varchar", inline));
        ps.setArray(at + 5, c.createArrayOf("varchar", slices));
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
                ps.setString(5, encodeSlices(u.slices()));
                ps.setString(6, experiment);
                ps.setString(7, u.unit());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
