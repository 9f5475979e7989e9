package io.recolab.serving;

import io.recolab.events.EventStore;
import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inserts reported interactions inside the caller's transaction, each client id once: ids already
 * stored, or repeated in the call, are skipped; interactions without an id are always stored.
 */
public final class InteractionRows {
    private static final String INSERT_ARRAYS = "INSERT INTO interactions (customer_id, item_id, occurred_at, received_at,"
            + " client_id) SELECT c, i, o::timestamptz, ?::timestamptz, x.id FROM unnest(?::varchar[], ?::varchar[],"
            + " ?::text[], ?::varchar[]) WITH ORDINALITY AS x(c, i, o, id, n) ORDER BY n"
            + " ON CONFLICT (client_id) DO NOTHING RETURNING client_id";

    private InteractionRows() {
    }

    /** @return how many were inserted */
    public static int insert(Connection c, Dialect dialect, List<Interaction> interactions, Instant receivedAt) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? insertReturning(c, interactions, receivedAt) : lookUpThenInsert(c, interactions, receivedAt);
    }

    /**
     * PostgreSQL (issue 19): one statement for the call, array parameters unnested into rows, instead
     * of a look-up of the ids then an insert batch (two round trips and the ids' index read twice).
     * {@code ON CONFLICT (client_id) DO NOTHING RETURNING} names the rows inserted. An id another node
     * is inserting at the same moment makes this statement wait for that node's commit and then skip
     * the row, so a retry racing on two nodes needs no retry of the transaction. The rows with an id
     * go in id order (the same on every node: two calls sharing ids never wait on each other in a
     * cycle), then those without, in the call's order.
     */
    public static int insertReturning(Connection c, List<Interaction> interactions, Instant receivedAt) throws SQLException {
        List<Interaction> rows = new ArrayList<>(interactions.size());
        Set<String> seen = new HashSet<>();
        for (Interaction i : interactions) {
            if (i.id() == null || seen.add(i.id())) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        // Stable: the id-less keep their order among themselves.
        rows.sort(Comparator.comparing(Interaction::id, Comparator.nullsLast(Comparator.naturalOrder())));
        int n = rows.size();
        String[] customers = new String[n];
        String[] items = new String[n];
        String[] at = new String[n];
        String[] ids = new String[n];
        for (int k = 0; k < n; k++) {
            Interaction i = rows.get(k);
            customers[k] = i.customer();
            items[k] = i.item();
            at[k] = i.at().toString();
            ids[k] = i.id();
        }
        int inserted = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT_ARRAYS)) {
            ps.setString(1, receivedAt.toString());
            ps.setArray(2, c.createArrayOf("varchar", customers));
            ps.setArray(3, c.createArrayOf("varchar", items));
            ps.setArray(4, c.createArrayOf("varchar", at));
            ps.setArray(5, c.createArrayOf("varchar", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted++;
                }
            }
        }
        return inserted;
    }

    /**
     * H2 (one process owns the file): the ids already stored are looked up, then the rest inserted in
     * one batch. PostgreSQL's path before issue 19 too (bench.InteractionStoreCost compares the two there). Two calls racing with one id meet the unique index; the caller retries, finding it stored.
     */
    public static int lookUpThenInsert(Connection c, List<Interaction> interactions, Instant receivedAt) throws SQLException {
        Set<String> seen = storedIds(c, interactions);
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO interactions (customer_id, item_id,"
                + " occurred_at, received_at, client_id) VALUES (?, ?, ?, ?, ?)")) {
            for (Interaction i : interactions) {
                if (i.id() != null && !seen.add(i.id())) {
                    continue;
                }
                ps.setString(1, i.customer());
                ps.setString(2, i.item());
                ps.setTimestamp(3, Timestamp.from(i.at()));
                ps.setTimestamp(4, Timestamp.from(receivedAt));
                ps.setString(5, i.id());
                ps.addBatch();
                n++;
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
        return n;
    }

    /** The ids among {@code interactions} already stored. */
    private static Set<String> storedIds(Connection c, List<Interaction> interactions) throws SQLException {
        List<String> ids = interactions.stream().map(Interaction::id).filter(java.util.Objects::nonNull).distinct().toList();
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += EventStore.CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + EventStore.CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT client_id FROM interactions WHERE client_id IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
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
}
