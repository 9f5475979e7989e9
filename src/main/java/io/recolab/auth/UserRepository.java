package io.recolab.auth;

import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** User accounts in the store; the password only as its Argon2id hash. */
public final class UserRepository {
    private static final String COLUMNS = "username, role, disabled, created_at, updated_at, password_changed_at, password_hash";
    private final Database db;

    /** A user with the stored hash, for checking a password. */
    public record Stored(User user, String passwordHash) {
    }

    public UserRepository(Database db) {
        this.db = db;
    }

    /** @return false if the username is taken */
    public boolean insert(User user, String passwordHash) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, user.username());
                ps.setString(2, user.role().wireName());
                ps.setBoolean(3, user.disabled());
                ps.setTimestamp(4, Jdbc.ts(user.createdAt()));
                ps.setTimestamp(5, Jdbc.ts(user.updatedAt()));
                ps.setTimestamp(6, Jdbc.ts(user.passwordChangedAt()));
                ps.setString(7, passwordHash);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Dialect.isUniqueViolation(e)) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
        });
    }

    public Optional<Stored> find(String username) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(row(rs), rs.getString(7))) : Optional.empty();
                }
            }
        });
    }

    public List<User> list() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                List<User> users = new ArrayList<>();
                while (rs.next()) {
                    users.add(row(rs));
                }
                return users;
            }
        });
    }

    /** Role and disabled flag; the caller read the user just before. */
    public void update(User user) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET role = ?, disabled = ?, updated_at = ? WHERE username = ?")) {
                ps.setString(1, user.role().wireName());
                ps.setBoolean(2, user.disabled());
                ps.setTimestamp(3, Jdbc.ts(user.updatedAt()));
                ps.setString(4, user.username());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A new hash. {@code changedAt} is null for a rehash of the same password with stronger
     * parameters, which is no password change.
     */
    public void setPasswordHash(String username, String passwordHash, Instant changedAt) {
        Jdbc.inTransaction(db, c -> {
            String sql = changedAt == null ? "UPDATE users SET password_hash = ? WHERE username = ?"
                    : "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE username = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, passwordHash);
                if (changedAt == null) {
                    ps.setString(2, username);
                } else {
                    ps.setTimestamp(2, Jdbc.ts(changedAt));
                    ps.setTimestamp(3, Jdbc.ts(changedAt));
                    ps.setString(4, username);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    static User row(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), Role.fromWire(rs.getString(2)), rs.getBoolean(3), Jdbc.instant(rs.getTimestamp(4)),
                Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6)));
    }
}
