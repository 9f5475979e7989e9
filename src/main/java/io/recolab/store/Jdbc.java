package io.recolab.store;

import io.recolab.domain.DomainError;
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
            throw failure(e);
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
            throw failure(e);
        }
    }

    /**
     * What a failed statement means for the caller. A data exception (SQLSTATE class 22: a value
     * out of the column's range or length) or a constraint violation (class 23) is the caller's
     * data, not an outage: a 4xx with the database's reason, never a 503 that invites a retry of the
     * same data forever. Everything else is the store's failure.
     */
    public static RuntimeException failure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            String reason = "the database refused the data: " + reason(e);
            DomainError refusal = state.startsWith("22") ? DomainError.unprocessable(reason) : DomainError.conflict(reason);
            refusal.initCause(e);
            return refusal;
        }
        return new StoreException("database error: " + e.getMessage(), e);
    }

    /** A unique violation (SQLSTATE 23505 on both stores) behind a refusal from {@link #failure}. */
    public static boolean isUniqueViolation(Throwable failure) {
        if (failure instanceof DomainError && failure.getCause() instanceof SQLException sql) {
            for (SQLException cause = sql; cause != null; cause = cause.getNextException()) {
                if (Dialect.isUniqueViolation(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The driver's message without the SQL text (H2 quotes the statement) or the severity prefix. */
    static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.getSQLState() : e.getMessage();
        int cut = m.indexOf("; SQL statement:");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        m = m.lines().findFirst().orElse(m).replaceFirst("^ERROR: ", "").replaceAll(" \\[[0-9A-Z]{5}-\\d+]$", "");
        return (m.length() > 300 ? m.substring(0, 300) + "..." : m) + " (SQLSTATE " + e.getSQLState() + ")";
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
