package io.recolab.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter",
 * 2015): the wait after the n-th failure is uniform in [0, min(max, initial * 2^n)]. The jitter
 * spreads the retries of many clients after an outage instead of having them hit the recovering
 * server in lockstep.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The ceiling of the n-th wait (n = 0 after the first failure), before jitter. */
    public long ceilingMillis(int failures) {
        long ceiling = initial.toMillis() << Math.min(failures, 30);
        return Math.min(max.toMillis(), ceiling < 0 ? Long.MAX_VALUE : ceiling);
    }

    public long delayMillis(int failures) {
        return ThreadLocalRandom.current().nextLong(ceilingMillis(failures) + 1);
    }
}
