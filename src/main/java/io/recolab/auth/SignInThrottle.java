package io.recolab.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing per username and per client address ({@link Backoff}). An
 * attempt is counted as a failure before the password is checked and taken back if it was
 * right, so that many guesses sent at once cannot all slip through before the first failure is
 * recorded. Unknown usernames are counted like known ones: the answers tell nothing.
 *
 * <p>Kept in memory, per node: with N nodes a guesser gets N times the attempts, which an
 * exponential back-off turns into only log2(N) more doublings. At most {@code capacity}
 * subjects are tracked; the oldest are dropped first.
 */
public final class SignInThrottle {
    private final Backoff perUsername;
    private final Backoff perAddress;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Backoff.Strikes> strikes = new LinkedHashMap<>();

    public SignInThrottle(Backoff perUsername, Backoff perAddress, Clock clock, int capacity) {
        this.perUsername = perUsername;
        this.perAddress = perAddress;
        this.clock = clock;
        this.capacity = capacity;
    }

    public static SignInThrottle defaults(Clock clock) {
        return new SignInThrottle(Backoff.PER_USERNAME, Backoff.PER_ADDRESS, clock, 100_000);
    }

    /**
     * Asks to try a password. Empty: go ahead (the attempt is counted as failed until
     * {@link #succeeded}); otherwise how long to wait, and nothing is counted.
     */
    public synchronized Optional<Duration> tryAttempt(String username, String address) {
        Instant now = clock.instant();
        String user = userKey(username);
        String addr = addressKey(address);
        Optional<Duration> userWait = perUsername.waitBefore(strikes.get(user), now);
        Optional<Duration> addrWait = perAddress.waitBefore(strikes.get(addr), now);
        if (userWait.isPresent() || addrWait.isPresent()) {
            Duration a = userWait.orElse(Duration.ZERO);
            Duration b = addrWait.orElse(Duration.ZERO);
            return Optional.of(a.compareTo(b) >= 0 ? a : b);
        }
        put(user, perUsername.failed(strikes.get(user), now));
        put(addr, perAddress.failed(strikes.get(addr), now));
        return Optional.empty();
    }

    /** The password was right: the username starts afresh, the address gets its attempt back. */
    public synchronized void succeeded(String username, String address) {
        strikes.remove(userKey(username));
        String addr = addressKey(address);
        Backoff.Strikes s = strikes.get(addr);
        if (s != null) {
            strikes.put(addr, perAddress.undo(s));
        }
    }

    synchronized int tracked() {
        return strikes.size();
    }

    private void put(String key, Backoff.Strikes value) {
        strikes.remove(key); // re-inserted last: the map's order is the order of last activity
        strikes.put(key, value);
        var eldest = strikes.keySet().iterator();
        while (strikes.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
