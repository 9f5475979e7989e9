package io.recolab.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code excluded_exposures}: stored exposures and conversions kept out of the analysis, counted
 * per experiment and {@link Exclusion} (a column each, V27), in the transaction that stores them,
 * so that results say how many were left out and why at the cost of one small read (never a scan
 * of the raw events). A row per node (V24), summed when read.
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

    private static final RollupTable TABLE = new RollupTable("excluded_exposures",
            List.of(new RollupTable.Column("reason", "varchar")), List.of(new RollupTable.Column("exposures", "int8"), new RollupTable.Column("conversions", "int8")));

    /**
     * Adds the newly stored (not duplicate) events' exclusions to this node's rows ({@code node}, V24),
     * through the rollups' writer: one upsert per experiment on PostgreSQL, update then insert on H2.
     * No other running node writes these rows, so no node's transaction waits for another's here.
     */
    static void add(Connection c, List<Event> fresh, int node, boolean postgres) throws SQLException {
        Map<Key, long[]> counts = new TreeMap<>(); // sorted: the rollup writer wants its rows in key order
        for (Event e : fresh) {
            if (e.exclusion() != null) {
                counts.computeIfAbsent(new Key(e.experimentKey(), e.exclusion().wireName()), k -> new long[2])
                        [e.type() == EventType.EXPOSURE ? 0 : 1]++;
            }
        }
        String experiment = null;
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<Key, long[]> count : counts.entrySet()) {
            if (!count.getKey().experiment().equals(experiment)) {
                TABLE.add(c, experiment, node, postgres, rows);
                experiment = count.getKey().experiment();
                rows = new ArrayList<>();
            }
            rows.add(new Object[] {count.getKey().reason(), count.getValue()[0], count.getValue()[1]});
        }
        TABLE.add(c, experiment, node, postgres, rows);
    }
}
