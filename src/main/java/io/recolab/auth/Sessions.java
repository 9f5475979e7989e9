package io.recolab.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side sessions for people signed in to the UI. The token (256 random bits) lives only
 * in the browser's cookie; the store keeps its SHA-256, so a copy of the database signs nobody
 * in. Every request re-reads the session and its user, so sign-out, a disabled account or a
 * changed role take effect at once on every node.
 */
public final class Sessions {
    static final String TOKEN_PREFIX = "rls_";
    private static final int MAX_TOKEN_LENGTH = 100;

    /** A new session: the token for the cookie (shown nowhere else) and the session itself. */
    public record Issued(String token, SignedIn session) {
    }

    private final SessionRepository repository;
    private final SessionPolicy policy;
    private final Clock clock;

    public Sessions(SessionRepository repository, SessionPolicy policy, Clock clock) {
        this.repository = repository;
        this.policy = policy;
        this.clock = clock;
    }

    public Issued start(User user) {
        Instant now = clock.instant();
        repository.deleteEnded(now, now.minus(policy.idle()));
        String token = Secrets.newSecret(TOKEN_PREFIX);
        String id = Secrets.sha256Hex(token);
        Instant expiresAt = policy.expiresAt(now);
        repository.insert(id, user.username(), now, expiresAt);
        return new Issued(token, new SignedIn(id, user, csrfToken(token), now, expiresAt));
    }

    /** The live session this token belongs to, if any; refreshes its idle timer. */
    public Optional<SignedIn> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String id = Secrets.sha256Hex(token);
        Optional<SessionRepository.Row> found = repository.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRepository.Row row = found.get();
        Instant now = clock.instant();
        if (row.user().disabled() || !policy.alive(row.lastSeenAt(), row.expiresAt(), now)) {
            repository.delete(id);
            return Optional.empty();
        }
        if (policy.shouldTouch(row.lastSeenAt(), now)) {
            repository.touch(id, now);
        }
        return Optional.of(new SignedIn(id, row.user(), csrfToken(token), row.createdAt(), row.expiresAt()));
    }

    public void end(SignedIn session) {
        repository.delete(session.id());
    }

    /** Ends every session of this user: after a password change or reset, or when the account is disabled. */
    public void endAllOf(String username) {
        repository.deleteAllOf(username);
    }

    /**
     * The anti-CSRF token of a session: a hash of its token under a label of its own (so it is
     * never the stored id). A page of another site can neither read the cookie nor this value.
     */
    static String csrfToken(String sessionToken) {
        byte[] digest = Secrets.sha256("recolab-csrf\u0000" + sessionToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** True if {@code presented} is this session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(SignedIn session, String presented) {
        return presented != null && presented.length() < 200 && Secrets.constantTimeEquals(session.csrfToken(), presented);
    }
}
