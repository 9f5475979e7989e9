package io.recolab.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database is known to be unreachable (a circuit breaker in front of the pool). While
 * it is, callers fail at once instead of each waiting out the pool's connection timeout, which
 * would tie up every worker thread and the event writer; a background probe, not a caller, finds
 * out when the database is back, so no request pays for the probing either.
 */
final class Outage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    private final BooleanSupplier reachable;
    private final ScheduledExecutorService prober;
    private volatile String reason;

    Outage(BooleanSupplier reachable, long probeEveryMillis) {
        this.reachable = reachable;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recolab-db-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probe, probeEveryMillis, probeEveryMillis, TimeUnit.MILLISECONDS);
    }

    boolean active() {
        return reason != null;
    }

    /** Why the database is thought unreachable (null when it is not). */
    String reason() {
        return reason;
    }

    void begin(String why) {
        if (reason == null) {
            LOG.warn("the database is unreachable ({}); store calls fail fast until a probe reaches it", why);
        }
        reason = why;
    }

    /** Looks once, if there is an outage; the scheduler calls this, tests may too. */
    void probe() {
        if (reason != null && reachable.getAsBoolean()) {
            reason = null;
            LOG.info("the database is reachable again");
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
