package io.recolab.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A stored API key: everything but the key itself, of which only the SHA-256 hash is kept.
 * {@code createdBy} is the actor who issued it (null for the bootstrap key and keys issued
 * before it was recorded).
 */
public record ApiKey(String id, String prefix, String label, Set<Scope> scopes, Instant createdAt,
                     Instant expiresAt, Instant revokedAt, String createdBy) implements Principal {
    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    @Override
    public boolean may(Permission permission) {
        return scopes.stream().anyMatch(s -> s.grants(permission));
    }

    @Override
    public String refusal(Permission permission) {
        return "this key lacks the '" + Scope.needed(permission).wireName() + "' scope";
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** {@code active}, {@code expired} or {@code revoked}, as the listing shows it. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return isActive(now) ? "active" : "expired";
    }

    /** How the audit trail names whoever used this key. */
    @Override
    public String actor() {
        return "key:" + id + " (" + label + ")";
    }
}
