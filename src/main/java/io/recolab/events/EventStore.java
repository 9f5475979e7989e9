package io.recolab.events;

import io.recolab.store.Dialect;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one group of events inside the caller's transaction: finds the duplicates (ids already
 * stored, or repeated within the group), inserts the rest as raw events and hands them to the
 * attribution, which keeps the unit rows and the daily rollups, and counts the excluded exposures
 * ({@link ExcludedCounts}). Everything or nothing commits.
 * The primary key (experiment, id) is the last guard when several nodes write at once: a race
 * surfaces as a unique violation, and the writer retries, now finding the id stored.
 */
public final class EventStore {
    /** Ids per IN list: few round trips, and well under every driver's parameter limit. */
    public static final int CHUNK = 500;
    private static final String INSERT = "INSERT INTO events (experiment_key, event_id, event_type, unit_id,"
            + " treatment, in_experiment, metric, event_value, occurred_at, received_at, shown_items, exclusion,"
            + " slice_values) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String INSERT_ARRAYS = "INSERT INTO events (experiment_key, event_id, event_type, unit_id,"
            + " treatment, metric, in_experiment, event_value, occurred_at, received_at, shown_items, exclusion, slice_values)"
            + " SELECT k, i, t, u, tr, m, ie, v, o::timestamptz, r::timestamptz, s, ex, sv FROM unnest(?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::boolean[], ?::float8[], ?::text[],"
            + " ?::text[], ?::varchar[], ?::varchar[], ?::varchar[]) WITH ORDINALITY AS x(k, i, t, u, tr, m, ie, v, o, r, s,"
            + " ex, sv, n) ORDER BY n ON CONFLICT DO NOTHING RETURNING experiment_key, event_id";
    private final Dialect dialect;
    private final Attribution attribution;

    public EventStore(Dialect dialect, Attribution attribution) {
        this.dialect = dialect;
        this.attribution = attribution;
    }

    /** Called after a failed transaction: in-memory knowledge of the tables is rebuilt from them. */
    void forget() {
        attribution.forget();
    }

    /**
     * For each event of a group, in order: {@code duplicate}, it was not stored because its id was
     * (or came earlier in the group); {@code conflict}, among those, the id came with other content
     * (type, unit, metric, value or timestamp) than the stored event's: not a retry but a reused id,
     * so the event is lost unless the caller is told (the receipt names such ids).
     */
    public record Written(boolean[] duplicate, boolean[] conflict, List<Event> events) {
    }

    /**
     * @return for each event, in order: whether it was a duplicate or a conflict, and the event as stored
     *     ({@link StoredStops} may have excluded it)
     */
    public Written write(Connection c, List<Event> events) throws SQLException {
        List<Event> checked = dialect == Dialect.POSTGRESQL ? StoredStops.apply(c, events) : events;
        boolean[] duplicate = dialect == Dialect.H2 ? insertFirst(c, checked) : insertReturning(c, checked);
        return new Written(duplicate, IdConflicts.of(c, checked, duplicate), checked);
    }

    /**
     * PostgreSQL: one statement for the whole group, array parameters unnested into rows;
     * {@code ON CONFLICT DO NOTHING RETURNING} names the rows inserted, and every other event is a
     * duplicate. An id another node is inserting at the same moment makes this statement wait for
     * that node's transaction and then skip the row, instead of failing the group. Rows go in
     * (experiment, id) order, the same on every node, so two groups sharing ids never deadlock.
     */
    private boolean[] insertReturning(Connection c, List<Event> events) throws SQLException {
        boolean[] duplicate = new boolean[events.size()];
        Map<String, Integer> first = new java.util.HashMap<>();
        List<Integer> order = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (first.putIfAbsent(key(events.get(i)), i) == null) {
                order.add(i);
            } else {
                duplicate[i] = true; // repeated within the group
            }
        }
        order.sort(java.util.Comparator.<Integer, String>comparing(i -> events.get(i).experimentKey())
                .thenComparing(i -> events.get(i).id()));
        int n = order.size();
        String[][] text = new String[12][n];
        Boolean[] inExperiment = new Boolean[n];
        Double[] value = new Double[n];
        for (int k = 0; k < n; k++) {
            Event e = events.get(order.get(k));
            text[0][k] = e.experimentKey();
            text[1][k] = e.id();
            text[2][k] = e.type().wireName();
            text[3][k] = e.unit();
            text[4][k] = e.treatment();
            text[5][k] = e.metric();
            text[6][k] = e.occurredAt().toString();
            text[7][k] = e.receivedAt().toString();
            text[8][k] = e.shownItems().isEmpty() ? null : ItemIds.join(e.shownItems());
            text[10][k] = e.exclusion() == null ? null : e.exclusion().wireName();
            text[11][k] = sliceValues(e);
            inExperiment[k] = e.inExperiment();
            value[k] = e.value();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_ARRAYS)) {
            for (int a = 0; a < 6; a++) {
                ps.setArray(a + 1, c.createArrayOf("varchar", text[a]));
            }
            ps.setArray(7, c.createArrayOf("bool", inExperiment));
            ps.setArray(8, c.createArrayOf("float8", value));
            ps.setArray(9, c.createArrayOf("varchar", text[6]));
            ps.setArray(10, c.createArrayOf("varchar", text[7]));
            ps.setArray(11, c.createArrayOf("varchar", text[8]));
            ps.setArray(12, c.createArrayOf("varchar", text[10]));
            ps.setArray(13, c.createArrayOf("varchar", text[11]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1) + '\n' + rs.getString(2));
                }
            }
        }
        List<Event> fresh = new ArrayList<>(inserted.size());
        for (int i = 0; i < events.size(); i++) {
            if (!duplicate[i]) {
                duplicate[i] = !inserted.contains(key(events.get(i)));
                if (!duplicate[i]) {
                    fresh.add(events.get(i));
                }
            }
        }
        attribution.apply(c, analysed(fresh));
        ExcludedCounts.add(c, fresh, attribution.node(), dialect == Dialect.POSTGRESQL);
        return duplicate;
    }

    /** The events the attribution sees: all but the conversions of forced units (stored for export only). */
    static List<Event> analysed(List<Event> fresh) {
        for (Event e : fresh) {
            if (e.type() == EventType.CONVERSION && e.exclusion() != null) {
                return fresh.stream().filter(x -> x.type() != EventType.CONVERSION || x.exclusion() == null).toList();
            }
        }
        return fresh;
    }

    static String key(Event e) {
        return e.experimentKey() + '\n' + e.id();
    }

    /**
     * H2: insert every event and let the primary key find the duplicates. H2 runs the rest of a
     * batch past a failed row and rolls back only that row, so one statement replaces a lookup per
     * event (an index lookup is as costly as the insert itself). Any failure but a unique violation
     * fails the whole transaction. PostgreSQL aborts a transaction on the first error, so there the
     * ids are looked up first.
     */
    private boolean[] insertFirst(Connection c, List<Event> events) throws SQLException {
        boolean[] duplicate = new boolean[events.size()];
        if (events.isEmpty()) {
            return duplicate;
        }
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Event e : events) {
                bind(ps, e);
                ps.addBatch();
            }
            try {
                counts = ps.executeBatch();
            } catch (BatchUpdateException e) {
                for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
                    if (!Dialect.isUniqueViolation(cause)) {
                        throw e;
                    }
                }
                counts = e.getUpdateCounts();
                if (counts == null || counts.length != events.size()) {
                    throw e;
                }
            }
        }
        List<Event> fresh = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            duplicate[i] = counts[i] != 1;
            if (!duplicate[i]) {
                fresh.add(events.get(i));
            }
        }
        attribution.apply(c, analysed(fresh));
        ExcludedCounts.add(c, fresh, attribution.node(), dialect == Dialect.POSTGRESQL);
        return duplicate;
    }

    private static void bind(PreparedStatement ps, Event e) throws SQLException {
        ps.setString(1, e.experimentKey());
        ps.setString(2, e.id());
        ps.setString(3, e.type().wireName());
        ps.setString(4, e.unit());
        ps.setString(5, e.treatment());
        ps.setBoolean(6, e.inExperiment());
        ps.setString(7, e.metric());
        ps.setDouble(8, e.value());
        ps.setObject(9, utc(e.occurredAt()));
        ps.setObject(10, utc(e.receivedAt()));
        ps.setString(11, e.shownItems().isEmpty() ? null : ItemIds.join(e.shownItems()));
        ps.setString(12, e.exclusion() == null ? null : e.exclusion().wireName());
        ps.setString(13, sliceValues(e));
    }

    /** The exposure's slice values as a JSON object, keys sorted ({@code events.slice_values}, V28); null without. */
    static String sliceValues(Event e) {
        if (e.slices().isEmpty()) {
            return null;
        }
        try {
            return io.recolab.json.Json.MAPPER.writeValueAsString(new java.util.TreeMap<>(e.slices()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("slice values of " + e.id() + " cannot be written as JSON", ex);
        }
    }

    /**
     * The same value as {@code instant.atOffset(ZoneOffset.UTC)}, without its cost: on Java 17 that
     * builds a new {@code ZoneRules} per call, 3-4% of the writer thread's time in the ingest benchmark.
     */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    /**
     * {@code (?,?),(?,?),...}: a row-value IN list over a whole primary key. H2 looks each row up in
     * the index; {@code key = ? AND id IN (...)} would make it scan the experiment's whole key range.
     */
    static String rows(int n, int width) {
        String row = "(" + String.join(",", java.util.Collections.nCopies(width, "?")) + ")";
        return String.join(",", java.util.Collections.nCopies(n, row));
    }
}
