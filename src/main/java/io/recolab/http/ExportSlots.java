package io.recolab.http;

import java.util.HashMap;
import java.util.Map;

/**
 * How many exports may run at once: {@link #perCaller} per API key (or signed-in user) and
 * {@link #total} in all. A long export holds a worker thread and reads the store for a while, so
 * one read-scoped key must not be able to keep the store busy with a burst of downloads, and all
 * of them together stay well below the connection pool and the worker pool that event ingestion
 * needs. A download beyond either bound is refused at once (never queued: a queued export would
 * still run after its client gave up).
 */
final class ExportSlots {
    private final int perCaller;
    private final int total;
    private final Map<String, Integer> running = new HashMap<>();
    private int active;

    ExportSlots(int perCaller, int total) {
        if (perCaller < 1 || total < perCaller) {
            throw new IllegalArgumentException("need 1 <= perCaller <= total, got " + perCaller + " and " + total);
        }
        this.perCaller = perCaller;
        this.total = total;
    }

    /** A slot taken: {@link #release} it once, when the export has ended. */
    final class Slot {
        private final String caller;
        private boolean released;

        private Slot(String caller) {
            this.caller = caller;
        }

        void release() {
            synchronized (ExportSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                active--;
                running.computeIfPresent(caller, (c, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /**
     * @throws ApiError 429 when the caller already runs {@link #perCaller} exports, 503 when the
     *     server runs {@link #total}
     */
    synchronized Slot take(String caller) {
        if (running.getOrDefault(caller, 0) >= perCaller) {
            throw new ApiError(429, "too many exports at once: at most " + perCaller + " per API key run at a time;"
                    + " retry when one of yours has finished");
        }
        if (active >= total) {
            throw ApiError.unavailable("the server runs " + total + " exports already; retry later");
        }
        running.merge(caller, 1, Integer::sum);
        active++;
        return new Slot(caller);
    }

    synchronized int active() {
        return active;
    }
}
