package io.recolab.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exponential back-off after failed sign-ins, as pure functions of a subject's {@link Strikes}
 * and the time: the first {@code freeFailures} failures cost nothing; after that each attempt
 * must wait {@code firstDelay} * 2^(failures - freeFailures), at most {@code maxDelay}, after the
 * last failure. A subject quiet for {@code forgetAfter} starts afresh.
 */
public record Backoff(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
    /** Per username: a few typos are free; a guesser soon gets one try per quarter of an hour. */
    public static final Backoff PER_USERNAME = new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(24));
    /** Per client address: more room, as an office or a proxy signs many people in from one address. */
    public static final Backoff PER_ADDRESS = new Backoff(20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(24));

    /** Failures counted so far and when the last one happened. */
    public record Strikes(int failures, Instant last) {
        public static final Strikes NONE = new Strikes(0, Instant.EPOCH);
    }

    public Backoff {
        if (freeFailures < 0 || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
                || forgetAfter.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("need freeFailures >= 0 and 0 < firstDelay <= maxDelay <= forgetAfter, got "
                    + freeFailures + ", " + firstDelay + ", " + maxDelay + ", " + forgetAfter);
        }
    }

    /** How long the next attempt must still wait, or empty if it may go now. */
    public Optional<Duration> waitBefore(Strikes strikes, Instant now) {
        Strikes s = current(strikes, now);
        if (s.failures() < freeFailures) {
            return Optional.empty();
        }
        Instant allowedAt = s.last().plus(delay(s.failures() - freeFailures));
        return now.isBefore(allowedAt) ? Optional.of(Duration.between(now, allowedAt)) : Optional.empty();
    }

    public Strikes failed(Strikes strikes, Instant now) {
        Strikes s = current(strikes, now);
        return new Strikes(s.failures() + 1 == Integer.MAX_VALUE ? s.failures() : s.failures() + 1, now);
    }

    /** Takes back one failure counted in advance for an attempt that then succeeded. */
    public Strikes undo(Strikes strikes) {
        return new Strikes(Math.max(0, strikes.failures() - 1), strikes.last());
    }

    /** True once the subject can be forgotten (its strikes no longer matter). */
    public boolean forgotten(Strikes strikes, Instant now) {
        return current(strikes, now).failures() == 0;
    }

    private Strikes current(Strikes strikes, Instant now) {
        return strikes == null || !now.isBefore(strikes.last().plus(forgetAfter)) ? Strikes.NONE : strikes;
    }

    private Duration delay(int doublings) {
        // 2^doublings overflows long nanoseconds after ~60 doublings; the cap is hit long before.
        if (doublings >= 40) {
            return maxDelay;
        }
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
