package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code excluded_exposures}: stored exposures kept out of the analysis, counted per experiment and
 * {@link Exclusion}, in the transaction that stores them, so that results say how many were left
 * out and why at the cost of one small read (never a scan of the raw events).
 */
public final class ExcludedCounts {
    private ExcludedCounts() {
    }

    record Key(String experiment, String reason) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = experiment.compareTo(o.experiment);
            return c != 0 ? c : reason.compareTo(o.reason);
        }
    }

    /** Adds the newly stored (not duplicate) events' exclusions. Update first, insert what was missing. */
    static void add(Connection c, List<Event> fresh) throws SQLException {
        Map<Key, Long> counts = new TreeMap<>(); // one order on every node: rows are locked in key order
        for (Event e : fresh) {
            if (e.exclusion() != null) {
                counts.merge(new Key(e.experimentKey(), e.exclusion().wireName()), 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        List<Key> keys = new ArrayList<>(counts.keySet());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE excluded_exposures SET exposures = exposures + ? WHERE experiment_key = ? AND reason = ?")) {
            for (Key k : keys) {
                ps.setLong(1, counts.get(k));
                ps.setString(2, k.experiment());
                ps.setString(3, k.reason());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO excluded_exposures (experiment_key, reason, exposures) VALUES (?,?,?)")) {
            boolean any = false;
            for (int i = 0; i < keys.size(); i++) {
                if (updated[i] == 0) {
                    ps.setString(1, keys.get(i).experiment());
                    ps.setString(2, keys.get(i).reason());
                    ps.setLong(3, counts.get(keys.get(i)));
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }
}
