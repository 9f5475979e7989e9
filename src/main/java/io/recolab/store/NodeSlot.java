package io.recolab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A small number that no other live node sharing the store holds at the same time: the node's own
 * rollup rows are keyed by it (V8), so that no two nodes' transactions update one rollup row. On
 * PostgreSQL the node holds a session advisory lock {@code node-slot-K} (keyed by schema, as
 * {@link PostgresJobLock}) on a connection it keeps for its lifetime, taking the lowest free K: a
 * node that stops or dies frees its slot (PostgreSQL ends the session), and the next node to start
 * reuses it, so the rollup rows grow with the nodes running at once, not with restarts. Should the
 * connection be lost, another node may take the same slot: the two then share rows, which costs
 * waiting (row locks), never correctness. One H2 process owns its store: always slot 0.
 */
public final class NodeSlot implements AutoCloseable {
    static final int MAX = 1024;
    private final int id;
    private final Connection held;

    private NodeSlot(int id, Connection held) {
        this.id = id;
        this.held = held;
    }

    public static NodeSlot claim(Database database) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return new NodeSlot(0, null);
        }
        Connection c = null;
        try {
            c = database.connection();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || '/node-slot-' || ?, 0))")) {
                for (int k = 0; k < MAX; k++) {
                    ps.setInt(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return new NodeSlot(k, c);
                        }
                    }
                }
            }
            throw new StoreException("all " + MAX + " node slots are taken by running nodes", null);
        } catch (SQLException e) {
            close(c);
            throw new StoreException("cannot claim a node slot: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    public int id() {
        return id;
    }

    /** Ends the session, and with it the slot's lock. */
    @Override
    public void close() {
        close(held);
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try (c; java.sql.Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock_all()"); // then back to the pool, free of the lock
        } catch (SQLException e) {
            try {
                c.abort(Runnable::run); // ends the session, and with it the lock
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
    }
}
