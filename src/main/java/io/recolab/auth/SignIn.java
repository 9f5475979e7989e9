package io.recolab.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Proving a password: signing in, and changing one's own password. Both are throttled per
 * username and per client address; an unknown username, a disabled account and a wrong password
 * get the same answer after the same work (a check against a dummy hash), so neither the answer
 * nor its timing tells which usernames exist.
 */
public final class SignIn {
    /** How an attempt ended. */
    public sealed interface Outcome permits Success, Refused, Throttled {
    }

    /** Signed in: a fresh session (a new token every time, so a planted one is never adopted). */
    public record Success(Sessions.Issued issued) implements Outcome {
    }

    public record Refused() implements Outcome {
    }

    public record Throttled(Duration retryAfter) implements Outcome {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final Sessions sessions;
    private final Clock clock;

    public SignIn(UserRepository users, PasswordHasher hasher, SignInThrottle throttle, Sessions sessions, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Outcome signIn(String username, String password, String address) {
        String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
        Optional<Duration> wait = throttle.tryAttempt(name, address);
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        Optional<User> user = checkPassword(name, password);
        if (user.isEmpty()) {
            return new Refused();
        }
        throttle.succeeded(name, address);
        return new Success(sessions.start(user.get()));
    }

    /**
     * Changes the signed-in person's password after checking the current one, ends every session
     * of theirs (this one too) and starts a fresh one for this browser.
     */
    public Outcome changePassword(SignedIn me, String current, String next, String address) {
        String name = me.user().username();
        Accounts.checkPassword(next, name);
        Optional<Duration> wait = throttle.tryAttempt(name, address);
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        if (checkPassword(name, current).isEmpty()) {
            return new Refused();
        }
        throttle.succeeded(name, address);
        users.setPasswordHash(name, hasher.hash(next), clock.instant());
        sessions.endAllOf(name);
        return new Success(sessions.start(me.user()));
    }

    /** The user when the password is theirs and the account enabled; the same work either way. */
    private Optional<User> checkPassword(String name, String password) {
        if (password == null || password.length() > 4 * PasswordPolicy.MAX_LENGTH) {
            hasher.verifyAgainstDummy("");
            return Optional.empty();
        }
        Optional<UserRepository.Stored> stored = User.USERNAME.matcher(name).matches() ? users.find(name) : Optional.empty();
        if (stored.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            return Optional.empty();
        }
        boolean right = hasher.verify(password, stored.get().passwordHash());
        if (!right || stored.get().user().disabled()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(stored.get().passwordHash())) {
            users.setPasswordHash(name, hasher.hash(password), null);
        }
        return Optional.of(stored.get().user());
    }
}
