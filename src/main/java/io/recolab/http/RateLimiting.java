package io.recolab.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A token bucket per caller, so that one busy or broken caller cannot flood the store: per API key
 * once authenticated, per client address before (calls carrying no key). Over the limit a call
 * gets 429 with {@code Retry-After}. Calls the predicate exempts (pure in-memory work such as
 * assignment, which never touches the store) are not counted.
 */
final class RateLimiting {
    /** More callers than this and the quiet ones (full buckets) are forgotten. */
    static final int MAX_CALLERS = 50_000;
    private final double ratePerSecond;
    private final int burst;
    private final LongSupplier nanos;
    private final Predicate<RoutingContext> exempt;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiting(double ratePerSecond, int burst, LongSupplier nanos, Predicate<RoutingContext> exempt) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.exempt = exempt;
    }

    /** Before authentication: counts calls that carry no credentials, by client address. */
    void anonymous(RoutingContext ctx) {
        if (ctx.request().getHeader("Authorization") != null) {
            ctx.next();
            return;
        }
        SocketAddress remote = ctx.request().remoteAddress();
        limit(ctx, "address " + (remote == null ? "unknown" : remote.hostAddress()));
    }

    /** After authentication: counts by whoever the credentials name. */
    void authenticated(RoutingContext ctx) {
        if (exempt.test(ctx)) {
            ctx.next();
            return;
        }
        limit(ctx, Authentication.actor(ctx));
    }

    private void limit(RoutingContext ctx, String caller) {
        long now = nanos.getAsLong();
        TokenBucket bucket = buckets.get(caller);
        if (bucket == null) {
            forgetQuietCallers(now);
            bucket = buckets.computeIfAbsent(caller, c -> new TokenBucket(ratePerSecond, burst, now));
        }
        long wait = bucket.take(now);
        if (wait == 0) {
            ctx.next();
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        throw new ApiError(429, "rate limit exceeded: at most " + formatRate() + " requests per second (bursts of "
                + burst + ") per API key; retry after " + seconds + " s");
    }

    private void forgetQuietCallers(long now) {
        if (buckets.size() >= MAX_CALLERS) {
            buckets.values().removeIf(b -> b.full(now));
            if (buckets.size() >= MAX_CALLERS) {
                buckets.clear(); // a flood of distinct callers: start afresh rather than grow without bound
            }
        }
    }

    private String formatRate() {
        return ratePerSecond == Math.rint(ratePerSecond) ? Long.toString((long) ratePerSecond) : Double.toString(ratePerSecond);
    }
}
