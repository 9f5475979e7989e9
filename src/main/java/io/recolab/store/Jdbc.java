package io.recolab.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Small helpers so that each repository reads as SQL and not as try/catch plumbing. */
public final class Jdbc {
    private Jdbc() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction: commit on success (durable when this returns), rollback on any failure. */
    public static <T> T inTransaction(Database db, Work<T> work) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                db.persist(c);
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                db.discardIfBroken(c, e);
                throw e;
            } catch (RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    public static <T> T read(Database db, Work<T> work) {
        try (Connection c = db.connection()) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                db.discardIfBroken(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /** A failed rollback (the connection is gone) must not hide why the transaction failed. */
    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
