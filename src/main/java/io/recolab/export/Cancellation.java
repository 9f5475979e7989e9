package io.recolab.export;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets whoever started an export stop it from another thread (the client went away, the download
 * stalled): the export checks {@link #cancelled()} between pages, and a query running at that
 * moment is cancelled in the database ({@link Statement#cancel()}) instead of being left to finish
 * for nobody.
 */
public final class Cancellation {
    private Statement running;
    private boolean cancelled;

    /** Never cancelled: the {@code export} command, which runs to the end or dies with its process. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /** Stops the export; blocking (a PostgreSQL cancel opens a connection of its own): not on an event loop. */
    public void cancel() {
        Statement statement;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            statement = running;
        }
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement ended meanwhile: the export sees cancelled() before its next page.
            }
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** What an export throws once it notices it was cancelled. */
    public static final class Cancelled extends java.io.IOException {
        public Cancelled() {
            super("the export was cancelled");
        }
    }

    /** The statement now running, or null once it is done; false if the export is cancelled already. */
    synchronized boolean running(Statement statement) {
        this.running = statement;
        return !cancelled;
    }
}
