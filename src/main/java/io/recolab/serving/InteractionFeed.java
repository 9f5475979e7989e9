package io.recolab.serving;

import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Brings interactions reported to other nodes into this node's {@link LiveHistory}, so that no node
 * recommends an item its customer just consumed elsewhere. Each poll reads the interactions stored
 * since the last one (by their identity id, the primary key). Ids are handed out at insert, not at
 * commit, so a transaction holding a lower id may commit after a higher id was read: every poll
 * looks again at the last {@link #SLACK} ids, taking those received within {@link #LATE} (a
 * transaction commits within seconds; the filter keeps a quiet store from re-reading the same
 * thousand rows into the histories every poll), and adding an item twice to a history changes nothing.
 * Only where several nodes share the store (PostgreSQL); one H2 process hears every interaction itself.
 */
public final class InteractionFeed {
    static final long SLACK = 1_000;
    static final java.time.Duration LATE = java.time.Duration.ofSeconds(30);
    private static final int PAGE = 10_000;
    private final Database database;
    private final LiveHistory history;
    private long seen;

    private InteractionFeed(Database database, LiveHistory history, long seen) {
        this.database = database;
        this.history = history;
        this.seen = seen;
    }

    /** Starts after what is stored now: the models learn the stored interactions when they train. */
    public static java.util.Optional<InteractionFeed> of(Database database, LiveHistory history) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return java.util.Optional.empty();
        }
        long max = Jdbc.read(database, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM interactions")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return java.util.Optional.of(new InteractionFeed(database, history, max));
    }

    /** Reads what other nodes stored since the last poll; call from one thread. @return interactions read */
    public int poll() {
        int read = 0;
        for (int page = PAGE; page == PAGE; ) {
            long from = Math.max(0, seen - SLACK);
            page = Jdbc.read(database, c -> {
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT id, customer_id, item_id FROM interactions"
                        + " WHERE id > ? AND (id > ? OR received_at >= ?) ORDER BY id LIMIT " + PAGE)) {
                    ps.setLong(1, from);
                    ps.setLong(2, seen);
                    ps.setTimestamp(3, java.sql.Timestamp.from(java.time.Instant.now().minus(LATE)));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seen = Math.max(seen, rs.getLong(1));
                            history.add(rs.getString(2), rs.getString(3));
                            n++;
                        }
                    }
                }
                return n;
            });
            read += page;
            if (seen - SLACK <= from) {
                break; // nothing past the slack: the next page would read the same rows
            }
        }
        return read;
    }
}
