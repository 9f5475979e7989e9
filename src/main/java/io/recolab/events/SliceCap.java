package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the distinct values of each slice dimension (issue 22.8): the first {@link Slices#MAX_VALUES}
 * values an experiment records for a dimension keep their name, later ones go to {@link Slices#OTHER},
 * so a client sending user ids as "device" costs at most 52 rollup rows per treatment and metric, not
 * one per unit. The values already admitted are cached per node and read from the rollups (shared by
 * every node) when a value is new here. Two nodes admitting their 50th value at the same moment may
 * keep one more each: the bound is MAX_VALUES + nodes - 1, still a constant.
 */
public final class SliceCap {
    private static final long REREAD_NANOS = 60_000_000_000L;
    private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
    private final Map<String, Long> readAt = new ConcurrentHashMap<>();

    /**
     * The unit's slice values with values past the cap replaced by {@link Slices#OTHER}. Synchronized: the
     * writer lanes of one Kafka processor share one cap, or each would admit its own 50 values in one poll.
     */
    synchronized Map<String, String> admit(Connection c, String experiment, Map<String, String> slices) throws SQLException {
        if (slices.isEmpty()) {
            return slices;
        }
        Map<String, String> out = new HashMap<>(slices.size());
        for (Map.Entry<String, String> s : slices.entrySet()) {
            out.put(s.getKey(), admit(c, experiment, s.getKey(), s.getValue()));
        }
        return out;
    }

    private String admit(Connection c, String experiment, String dimension, String value) throws SQLException {
        if (value.equals(Slices.NONE) || value.equals(Slices.OTHER)) {
            return value;
        }
        String key = experiment + '\n' + dimension;
        Set<String> known = admitted.get(key);
        if (known != null && known.contains(value)) {
            return value;
        }
        // Full: values past the cap are the common case then (e.g. ids sent as a dimension), so the
        // rollups are re-read for another node's admissions at most every REREAD, not per unit.
        long now = System.nanoTime();
        Long last = readAt.get(key);
        if (known != null && known.size() >= Slices.MAX_VALUES && last != null && now - last < REREAD_NANOS) {
            return Slices.OTHER;
        }
        Set<String> fresh = stored(c, experiment, dimension);
        if (known != null) {
            fresh.addAll(known); // admitted in this transaction, not flushed to the rollups yet
        }
        known = fresh;
        admitted.put(key, known);
        readAt.put(key, now);
        if (known.contains(value)) {
            return value;
        }
        if (known.size() >= Slices.MAX_VALUES) {
            return Slices.OTHER;
        }
        known.add(value); // may roll back with the transaction: the cache then over-counts until re-read
        return value;
    }

    private static Set<String> stored(Connection c, String experiment, String dimension) throws SQLException {
        Set<String> found = ConcurrentHashMap.newKeySet();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT slice_value FROM slice_exposures"
                + " WHERE experiment_key = ? AND dimension = ? AND slice_value <> ? AND slice_value <> ?")) {
            ps.setString(1, experiment);
            ps.setString(2, dimension);
            ps.setString(3, Slices.NONE);
            ps.setString(4, Slices.OTHER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    synchronized void forget() {
        admitted.clear();
        readAt.clear();
    }

}
