package io.recolab.auth;

import io.recolab.domain.DomainError;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issuing, checking and revoking API keys. A key is {@code rlk_} + 256 random bits (base64url);
 * only its SHA-256 is stored: a key has far too much entropy for a slow password hash to add
 * anything, and a fast hash keeps authentication off the hot path's budget. Keys are cached in
 * memory and re-read when the store says they changed.
 */
public final class ApiKeys {
    private static final String PREFIX = "rlk_";
    private static final int MAX_SECRET_LENGTH = 200;

    /** A key as shown, once, to whoever created it. */
    public record Issued(ApiKey key, String secret) {
    }

    private final KeyRepository repository;
    private final Clock clock;
    private volatile Map<String, ApiKey> byHash = Map.of();
    /**
     * The digests of secrets presented lately: a service sends the same key on every call, and the
     * SHA-256 of it was the largest cost of authenticating one. Only digests of known keys are kept
     * (a client trying random secrets cannot grow it), and a few: emptied when full.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, String> recentDigests = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int RECENT_DIGESTS = 64;

    public ApiKeys(KeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public void refresh() {
        byHash = Map.copyOf(repository.allByHash());
    }

    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        String hash = recentDigests.get(secret);
        if (hash == null) {
            hash = sha256(secret);
            if (byHash.containsKey(hash)) {
                if (recentDigests.size() >= RECENT_DIGESTS) {
                    recentDigests.clear();
                }
                recentDigests.put(secret, hash);
            }
        }
        ApiKey key = byHash.get(hash);
        return key != null && key.isActive(clock.instant()) ? Optional.of(key) : Optional.empty();
    }

    /** A new random key; {@code createdBy} is the actor issuing it (null at bootstrap). */
    public Issued create(String label, Set<Scope> scopes, Instant expiresAt, String createdBy) {
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw DomainError.unprocessable("expiresAt must be in the future, got " + expiresAt);
        }
        return register(newSecret(), label, scopes, expiresAt, createdBy);
    }

    /** Stores a key chosen outside (the bootstrap admin key from RECOLAB_ADMIN_KEY). */
    public Issued register(String secret, String label, Set<Scope> scopes, Instant expiresAt, String createdBy) {
        if (secret.isBlank() || secret.length() > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("an API key must have 1.." + MAX_SECRET_LENGTH + " characters");
        }
        String hash = sha256(secret);
        refresh();
        ApiKey existing = byHash.get(hash);
        if (existing != null) {
            return new Issued(existing, secret);
        }
        String id = hash.substring(0, 12);
        // Listing shows a prefix so people can tell keys apart; only our own random keys have a
        // prefix that gives nothing away.
        String shown = secret.startsWith(PREFIX) ? secret.substring(0, PREFIX.length() + 6) : "(external)";
        ApiKey key = new ApiKey(id, shown, label, scopes, clock.instant(), expiresAt, null, createdBy);
        repository.insert(key, hash);
        refresh();
        return new Issued(key, secret);
    }

    public List<ApiKey> list() {
        return repository.list();
    }

    /**
     * Keys whose shown prefix starts with {@code prefix} and whose label contains {@code label}
     * (ignoring case); a null filter matches every key.
     */
    public List<ApiKey> list(String prefix, String label) {
        String wanted = label == null ? null : label.toLowerCase(Locale.ROOT);
        return repository.list().stream()
                .filter(k -> prefix == null || k.prefix().startsWith(prefix))
                .filter(k -> wanted == null || k.label().toLowerCase(Locale.ROOT).contains(wanted))
                .toList();
    }

    public Instant now() {
        return clock.instant();
    }

    public void revoke(String id) {
        if (!repository.revoke(id, clock.instant())) {
            throw DomainError.notFound("no active key '" + id + "'");
        }
        refresh();
    }

    public boolean hasActiveAdmin() {
        Instant now = clock.instant();
        return byHash.values().stream().anyMatch(k -> k.isActive(now) && k.allows(Scope.ADMIN));
    }

    public static String newSecret() {
        return Secrets.newSecret(PREFIX);
    }

    static String sha256(String secret) {
        return Secrets.sha256Hex(secret);
    }
}
