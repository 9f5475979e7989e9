package io.recolab.auth;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** API keys in the store, by hash. */
public final class KeyRepository {
    private final Database db;

    public KeyRepository(Database db) {
        this.db = db;
    }

    public void insert(ApiKey key, String hash) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (id, key_hash, prefix, label, scopes, "
                    + "created_at, expires_at, revoked_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.id());
                ps.setString(2, hash);
                ps.setString(3, key.prefix());
                ps.setString(4, key.label());
                ps.setString(5, key.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(",")));
                ps.setTimestamp(6, Jdbc.ts(key.createdAt()));
                ps.setTimestamp(7, Jdbc.ts(key.expiresAt()));
                ps.setTimestamp(8, Jdbc.ts(key.revokedAt()));
                ps.setString(9, key.createdBy());
                ps.executeUpdate();
            }
            bumpCounter(c);
            return null;
        });
    }

    /** @return false if there is no such key or it was revoked already */
    public boolean revoke(String id, Instant at) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Jdbc.ts(at));
                ps.setString(2, id);
                boolean changed = ps.executeUpdate() == 1;
                if (changed) {
                    bumpCounter(c);
                }
                return changed;
            }
        });
    }

    /** Every key by its hash; small enough to hold in memory so that auth costs no query. */
    public Map<String, ApiKey> allByHash() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, key_hash, prefix, label, scopes, created_at, expires_at, "
                    + "revoked_at, created_by FROM api_keys");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, ApiKey> keys = new HashMap<>();
                while (rs.next()) {
                    keys.put(rs.getString(2), row(rs));
                }
                return keys;
            }
        });
    }

    public List<ApiKey> list() {
        return allByHash().values().stream()
                .sorted(java.util.Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }

    public long changeCounter() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT counter FROM change_counters WHERE name = 'api_keys'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static void bumpCounter(java.sql.Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_counters SET counter = counter + 1 WHERE name = 'api_keys'")) {
            ps.executeUpdate();
        }
    }

    private static ApiKey row(ResultSet rs) throws SQLException {
        var scopes = Arrays.stream(rs.getString(5).split(",")).filter(s -> !s.isEmpty()).map(Scope::fromWire)
                .collect(Collectors.toSet());
        return new ApiKey(rs.getString(1), rs.getString(3), rs.getString(4), scopes, Jdbc.instant(rs.getTimestamp(6)),
                Jdbc.instant(rs.getTimestamp(7)), Jdbc.instant(rs.getTimestamp(8)), rs.getString(9));
    }
}
