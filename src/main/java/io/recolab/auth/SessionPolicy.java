package io.recolab.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a session lives: it ends after {@code idle} without a request and in any case
 * {@code absolute} after sign-in. Its last-seen time is written at most every {@code touchEvery},
 * so that a busy page costs no write per request (idle expiry is that much coarser).
 */
public record SessionPolicy(Duration idle, Duration absolute, Duration touchEvery) {
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12),
            Duration.ofMinutes(1));

    public SessionPolicy {
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("need 0 < idle <= absolute, got idle " + idle + ", absolute " + absolute);
        }
        if (touchEvery.isNegative() || touchEvery.compareTo(idle) >= 0) {
            throw new IllegalArgumentException("touchEvery must be in [0, idle), got " + touchEvery);
        }
    }

    public Instant expiresAt(Instant signedInAt) {
        return signedInAt.plus(absolute);
    }

    public boolean alive(Instant lastSeen, Instant expiresAt, Instant now) {
        return now.isBefore(expiresAt) && now.isBefore(lastSeen.plus(idle));
    }

    public boolean shouldTouch(Instant lastSeen, Instant now) {
        return !now.isBefore(lastSeen.plus(touchEvery));
    }
}
