package io.recolab.auth;

import java.time.Instant;
import java.util.Set;

/** A stored API key: everything but the key itself, of which only the SHA-256 hash is kept. */
public record ApiKey(String id, String prefix, String label, Set<Scope> scopes, Instant createdAt,
                     Instant expiresAt, Instant revokedAt) {
    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** How the audit trail names whoever used this key. */
    public String actor() {
        return "key:" + id + " (" + label + ")";
    }
}
