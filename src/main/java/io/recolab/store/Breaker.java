package io.recolab.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A circuit breaker in front of the connection pool. Once the database could not be reached,
 * callers fail at once for a short while instead of each waiting out the pool's connection
 * timeout (which would tie up every worker thread and the event writer while the database is
 * away); after that while, one caller at a time probes, and the first success closes it again.
 * Time comes from the caller's clock (nanoseconds), so the states are tested without sleeping.
 */
final class Breaker {
    private final LongSupplier nanos;
    private final long openNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;
    private volatile long retryAt;
    private volatile String lastFailure = "";

    Breaker(LongSupplier nanos, long openFor, TimeUnit unit) {
        this.nanos = nanos;
        this.openNanos = unit.toNanos(openFor);
    }

    /** True if the caller may try the database: it is closed, or this caller is the one probe. */
    boolean mayTry() {
        if (!open) {
            return true;
        }
        return nanos.getAsLong() - retryAt >= 0 && probing.compareAndSet(false, true);
    }

    void succeeded() {
        open = false;
        probing.set(false);
    }

    void failed(String reason) {
        lastFailure = reason;
        retryAt = nanos.getAsLong() + openNanos;
        open = true;
        probing.set(false);
    }

    /** The try ended without telling anything about the database (e.g. the caller's own mistake). */
    void released() {
        probing.set(false);
    }

    boolean isOpen() {
        return open;
    }

    String lastFailure() {
        return lastFailure;
    }
}
