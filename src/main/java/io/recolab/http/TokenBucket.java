package io.recolab.http;

/**
 * A token bucket (Turner 1986): holds at most {@code burst} tokens, refills at {@code ratePerSecond},
 * and each request takes one. A quiet caller may send a burst at once; a steady one gets the rate.
 * Time comes from the caller (nanoseconds, any origin), so the logic is tested without sleeping.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs rate > 0 and burst >= 1, got " + ratePerSecond
                    + ", " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token: 0 if one was there, else how many nanoseconds until one will be (nothing taken). */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    /** True when the bucket is full again: its caller has been quiet, so it may be forgotten. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
