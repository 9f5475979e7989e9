package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Adds deltas to this node's rows of one rollup table (the rows are keyed by experiment, node and
 * {@code keys}; {@code sums} are added to): the one writer behind {@link DailyDeltas},
 * {@link SliceDeltas} and {@link ExcludedCounts}. PostgreSQL: one upsert with array parameters per flush. H2: one batched
 * update, then an insert of the rows it did not find (one writer per H2 file, so nothing can insert
 * the same row in between). Rows must come sorted by key: every node then locks shared rows in the
 * same order (two PostgreSQL nodes locking them in different orders would deadlock).
 */
final class RollupTable {
    /** A column and its PostgreSQL array element type ("varchar", "date", "int8", "float8", "numeric"). */
    record Column(String name, String type) {
    }

    private final String table;
    private final List<Column> keys;
    private final List<Column> sums;

    RollupTable(String table, List<Column> keys, List<Column> sums) {
        this.table = table;
        this.keys = List.copyOf(keys);
        this.sums = List.copyOf(sums);
    }

    /** @param rows each the key values then the deltas, in the columns' order, sorted by key */
    void add(Connection c, String experiment, int node, boolean postgres, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (postgres) {
            upsert(c, experiment, node, rows);
        } else {
            updateThenInsert(c, experiment, node, rows);
        }
    }

    private void upsert(Connection c, String experiment, int node, List<Object[]> rows) throws SQLException {
        List<Column> all = all();
        // A date travels as its text (a varchar array) and is cast back, as the JDBC driver has no date[] binding.
        String select = IntStream.range(0, all.size()).mapToObj(i -> "c" + i + (all.get(i).type().equals("date") ? "::date" : ""))
                .collect(Collectors.joining(", "));
        String arrays = all.stream().map(col -> "?::" + (col.type().equals("date") ? "varchar" : col.type()) + "[]")
                .collect(Collectors.joining(", "));
        String aliases = IntStream.range(0, all.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + table + " (experiment_key, node, " + names(all) + ") SELECT ?, ?, " + select
                + " FROM unnest(" + arrays + ") AS x(" + aliases + ") ON CONFLICT (experiment_key, " + names(keys)
                + ", node) DO UPDATE SET " + sums.stream().map(s -> s.name() + " = " + table + "." + s.name() + " + EXCLUDED."
                + s.name()).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, experiment);
            ps.setInt(2, node);
            for (int i = 0; i < all.size(); i++) {
                int column = i;
                String type = all.get(i).type();
                Object[] values = rows.stream().map(r -> type.equals("date") ? r[column].toString() : r[column]).toArray(n ->
                        type.equals("int8") ? new Long[n] : type.equals("float8") ? new Double[n]
                        : type.equals("numeric") ? new java.math.BigDecimal[n] : new String[n]);
                ps.setArray(3 + i, c.createArrayOf(type.equals("date") ? "varchar" : type, values));
            }
            ps.executeUpdate();
        }
    }

    private void updateThenInsert(Connection c, String experiment, int node, List<Object[]> rows) throws SQLException {
        int[] updated;
        String update = "UPDATE " + table + " SET " + sums.stream().map(s -> s.name() + " = " + s.name() + " + ?")
                .collect(Collectors.joining(", ")) + " WHERE experiment_key = ? AND " + keys.stream().map(k -> k.name() + " = ?")
                .collect(Collectors.joining(" AND ")) + " AND node = ?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Object[] row : rows) {
                int p = 1;
                for (int s = 0; s < sums.size(); s++) {
                    ps.setObject(p++, row[keys.size() + s]);
                }
                ps.setString(p++, experiment);
                for (int k = 0; k < keys.size(); k++) {
                    ps.setObject(p++, row[k]);
                }
                ps.setInt(p, node);
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        List<Column> all = all();
        String insert = "INSERT INTO " + table + " (experiment_key, " + names(all) + ", node) VALUES (?, "
                + all.stream().map(col -> "?").collect(Collectors.joining(", ")) + ", ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            boolean any = false;
            for (int r = 0; r < rows.size(); r++) {
                if (updated[r] == 0) {
                    ps.setString(1, experiment);
                    for (int i = 0; i < all.size(); i++) {
                        ps.setObject(2 + i, rows.get(r)[i]);
                    }
                    ps.setInt(2 + all.size(), node);
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private List<Column> all() {
        return java.util.stream.Stream.concat(keys.stream(), sums.stream()).toList();
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }
}
