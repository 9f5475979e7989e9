package io.recolab.auth;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Sessions in the store, shared by every node: by the SHA-256 of their token, never the token. */
public final class SessionRepository {
    private final Database db;

    /** A stored session with its user as of now (role and disabled flag are read on every request). */
    public record Row(String id, User user, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    public SessionRepository(Database db) {
        this.db = db;
    }

    public void insert(String id, String username, Instant createdAt, Instant expiresAt) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sessions (id_hash, username, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, username);
                ps.setTimestamp(3, Jdbc.ts(createdAt));
                ps.setTimestamp(4, Jdbc.ts(createdAt));
                ps.setTimestamp(5, Jdbc.ts(expiresAt));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Row> find(String id) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT u.username, u.role, u.disabled, u.created_at, u.updated_at, "
                    + "u.password_changed_at, s.created_at, s.last_seen_at, s.expires_at "
                    + "FROM sessions s JOIN users u ON u.username = s.username WHERE s.id_hash = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Row(id, UserRepository.row(rs), Jdbc.instant(rs.getTimestamp(7)),
                            Jdbc.instant(rs.getTimestamp(8)), Jdbc.instant(rs.getTimestamp(9))));
                }
            }
        });
    }

    public void touch(String id, Instant at) {
        update("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?", at, id, at);
    }

    public void delete(String id) {
        update("DELETE FROM sessions WHERE id_hash = ?", id);
    }

    /** Ends every session of a user. */
    public void deleteAllOf(String username) {
        update("DELETE FROM sessions WHERE username = ?", username);
    }

    /** Forgets sessions that ended, by absolute or idle expiry. */
    public void deleteEnded(Instant now, Instant idleBefore) {
        update("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", now, idleBefore);
    }

    private void update(String sql, Object... args) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof Instant instant) {
                        ps.setTimestamp(i + 1, Jdbc.ts(instant));
                    } else {
                        ps.setString(i + 1, (String) args[i]);
                    }
                }
                ps.executeUpdate();
            }
            return null;
        });
    }
}
