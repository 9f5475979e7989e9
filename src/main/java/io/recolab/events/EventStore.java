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
import java.util.LinkedHashMap;
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
            + " treatment, in_experiment, metric, event_value, occurred_at, received_at, shown_items)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)";
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

    /** @return for each event, in order, true when it was a duplicate and changed nothing */
    public boolean[] write(Connection c, List<Event> events) throws SQLException {
        if (dialect == Dialect.H2) {
            return insertFirst(c, events);
        }
        boolean[] duplicate = new boolean[events.size()];
        Map<String, List<Integer>> byExperiment = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byExperiment.computeIfAbsent(events.get(i).experimentKey(), k -> new ArrayList<>()).add(i);
        }
        List<Event> fresh = new ArrayList<>(events.size());
        for (Map.Entry<String, List<Integer>> e : byExperiment.entrySet()) {
            List<String> ids = e.getValue().stream().map(i -> events.get(i).id()).distinct().toList();
            Set<String> seen = existingIds(c, e.getKey(), ids);
            for (int i : e.getValue()) {
                if (!seen.add(events.get(i).id())) {
                    duplicate[i] = true;
                } else {
                    fresh.add(events.get(i));
                }
            }
        }
        insert(c, fresh);
        attribution.apply(c, fresh);
        ExcludedCounts.add(c, fresh);
        return duplicate;
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
        attribution.apply(c, fresh);
        ExcludedCounts.add(c, fresh);
        return duplicate;
    }

    static Set<String> existingIds(Connection c, String experiment, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String sql = "SELECT event_id FROM events WHERE (experiment_key, event_id) IN (" + rows(chunk.size(), 2) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, experiment);
                    ps.setString(2 * i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    private static void insert(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Event e : events) {
                bind(ps, e);
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
