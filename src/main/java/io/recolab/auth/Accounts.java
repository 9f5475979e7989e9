package io.recolab.auth;

import io.recolab.domain.DomainError;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Managing people's accounts (admins, and the {@code user} command): create, set the role,
 * reset the password, disable. A reset password or a disabled account ends the user's sessions
 * at once; nobody can demote or disable themselves, so an admin cannot lock the last door by
 * accident.
 */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final Clock clock;

    /** What an admin asks to change; null fields stay as they are. */
    public record Change(Role role, Boolean disabled, String password) {
    }

    public Accounts(UserRepository users, PasswordHasher hasher, Sessions sessions, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    public User create(String username, Role role, String password, String actor) {
        checkUsername(username);
        checkPassword(password, username);
        Instant now = clock.instant();
        User user = new User(username, role, false, now, now, now);
        if (!users.insert(user, hasher.hash(password))) {
            throw DomainError.conflict("user '" + username + "' already exists");
        }
        LOG.info("user {} ({}) created by {}", username, role.wireName(), actor);
        return user;
    }

    public List<User> list() {
        return users.list();
    }

    public User get(String username) {
        return users.find(username).map(UserRepository.Stored::user)
                .orElseThrow(() -> DomainError.notFound("no user '" + username + "'"));
    }

    public User change(String username, Change change, Principal by) {
        User current = get(username);
        boolean self = by instanceof SignedIn s && s.user().username().equals(username);
        if (self && ((change.role() != null && change.role() != current.role()) || Boolean.TRUE.equals(change.disabled()))) {
            throw DomainError.conflict("you cannot change your own role or disable yourself; ask another admin");
        }
        if (self && change.password() != null) {
            // A reset needs no current password: from one's own session it would let whoever holds that
            // session (a stolen cookie) take the account and sign its owner out.
            throw DomainError.conflict("you cannot reset your own password; change it with your current one"
                    + " (PUT /api/v1/session/password, the Account page)");
        }
        if (change.password() != null) {
            checkPassword(change.password(), username);
        }
        Instant now = clock.instant();
        User next = current;
        if (change.role() != null && change.role() != current.role()) {
            next = next.withRole(change.role(), now);
        }
        if (change.disabled() != null && change.disabled() != current.disabled()) {
            next = next.withDisabled(change.disabled(), now);
        }
        if (next != current) {
            users.update(next);
        }
        if (change.password() != null) {
            users.setPasswordHash(username, hasher.hash(change.password()), now);
        }
        if (change.password() != null || next.disabled()) {
            // A reset password or a disabled account: whoever holds a session must sign in again.
            sessions.endAllOf(username);
        }
        LOG.info("user {} changed by {}: role {}, disabled {}, password {}", username, by == null ? "cli" : by.actor(),
                next.role().wireName(), next.disabled(), change.password() == null ? "kept" : "reset");
        return get(username);
    }

    private static void checkUsername(String username) {
        try {
            User.checkUsername(username);
        } catch (IllegalArgumentException e) {
            throw DomainError.unprocessable(e.getMessage());
        }
    }

    static void checkPassword(String password, String username) {
        try {
            PasswordPolicy.check(password, username);
        } catch (IllegalArgumentException e) {
            throw DomainError.unprocessable(e.getMessage());
        }
    }
}
