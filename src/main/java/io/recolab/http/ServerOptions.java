package io.recolab.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the HTTP server protects itself: optional TLS, a per-caller rate limit, and limits that keep
 * slow or numerous clients from exhausting it. Other handlers read {@link #tls()} (e.g. to mark
 * cookies {@code Secure}).
 *
 * @param tlsCert PEM certificate chain, or null for plain HTTP (then tlsKey is null too)
 * @param tlsKey PEM private key (PKCS#8 or PKCS#1)
 * @param ratePerSecond requests per second each API key (or, without a key, each client address)
 *     may make on average; 0 turns the limit off
 * @param burst requests a caller may make at once after being quiet (the bucket's size)
 * @param maxConnections open connections at most; a connection beyond is closed at once
 * @param requestTimeout longest a request may take before it is answered 503
 * @param idleTimeout a connection that sends or receives nothing this long is closed (slow clients)
 */
public record ServerOptions(Path tlsCert, Path tlsKey, double ratePerSecond, int burst, int maxConnections,
                            Duration requestTimeout, Duration idleTimeout) {
    // Above what one service needs at the load the benchmarks target (2,000 recommendations or 500
    // event batches a second per key), well under what floods the writer: a runaway caller is
    // slowed while a busy, well-behaved one never sees a 429.
    public static final double DEFAULT_RATE = 5_000;
    public static final ServerOptions DEFAULTS = new ServerOptions(null, null, DEFAULT_RATE, (int) (2 * DEFAULT_RATE),
            10_000, Duration.ofSeconds(30), Duration.ofSeconds(60));

    public ServerOptions {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key, got cert=" + tlsCert
                    + ", key=" + tlsKey);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the rate limit must be a finite number >= 0 (0 = off), got " + ratePerSecond);
        }
        if (ratePerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("the burst must be at least 1, got " + burst);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got request " + requestTimeout
                    + ", idle " + idleTimeout);
        }
    }

    /** True when the server speaks HTTPS only. */
    public boolean tls() {
        return tlsCert != null;
    }

    public boolean rateLimited() {
        return ratePerSecond > 0;
    }

    public ServerOptions withTls(Path cert, Path key) {
        return new ServerOptions(cert, key, ratePerSecond, burst, maxConnections, requestTimeout, idleTimeout);
    }

    public ServerOptions withRateLimit(double perSecond, int burstSize) {
        return new ServerOptions(tlsCert, tlsKey, perSecond, burstSize, maxConnections, requestTimeout, idleTimeout);
    }

    public ServerOptions withConnections(int max, Duration request, Duration idle) {
        return new ServerOptions(tlsCert, tlsKey, ratePerSecond, burst, max, request, idle);
    }
}
