package io.recolab.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A person who signs in to the UI. The password hash lives only in the store, never here. */
public record User(String username, Role role, boolean disabled, Instant createdAt, Instant updatedAt,
                   Instant passwordChangedAt) {
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public User {
        checkUsername(username);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    }

    public static String checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must match [a-z0-9][a-z0-9._-]{0,63} (lower case), got "
                    + (username == null ? "nothing" : "\"" + username + "\""));
        }
        return username;
    }

    /** How the change history names this person. */
    public String actor() {
        return "user:" + username;
    }

    public User withRole(Role newRole, Instant at) {
        return new User(username, newRole, disabled, createdAt, at, passwordChangedAt);
    }

    public User withDisabled(boolean newDisabled, Instant at) {
        return new User(username, role, newDisabled, createdAt, at, passwordChangedAt);
    }
}
