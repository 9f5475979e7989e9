package io.recolab.auth;

import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A person's live session. {@code id} is the SHA-256 of the session token (what the store
 * keeps); {@code csrfToken} is derived from the token, so only whoever holds the cookie's value
 * can know it.
 */
public record SignedIn(String id, User user, String csrfToken, Instant signedInAt, Instant expiresAt)
        implements Principal {
    @Override
    public String actor() {
        return user.actor();
    }

    @Override
    public boolean may(Permission permission) {
        return !user.disabled() && user.role().may(permission);
    }

    @Override
    public String refusal(Permission permission) {
        String roles = Arrays.stream(Role.values()).filter(r -> r.may(permission)).map(Role::wireName)
                .collect(Collectors.joining(" or "));
        return "the role '" + user.role().wireName() + "' does not allow this (needs " + roles + ")";
    }
}
