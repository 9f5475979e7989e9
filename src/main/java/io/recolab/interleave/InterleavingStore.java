package io.recolab.interleave;

import io.recolab.experiment.SharedItems;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The interleaved shows and the credits of V20, in the store. */
public final class InterleavingStore {
    /** The credit row of a neutral item taken: it counts for no side. */
    private static final String NEUTRAL = "N";
    private final Database database;

    public InterleavingStore(Database database) {
        this.database = database;
    }

    /** One item of a recorded show, in position order. */
    public record ShownItem(String item, Side side, boolean neutral) {
    }

    /**
     * Records which side showed each item, and whether it credits nobody under {@code rule}. When the exposure
     * id has a show already (a retried request), nothing is recorded and that show is returned instead: the
     * caller answers what was recorded, which is what interactions will be credited against.
     */
    public java.util.Optional<List<ShownItem>> recordShow(String experiment, String exposureId, String unit,
                                                       TeamDraft.Interleaved<String> list, SharedItems rule, Instant at) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.inTransaction(database, c -> {
                    java.util.Optional<List<ShownItem>> earlier = recorded(c, experiment, exposureId);
                    if (earlier.isPresent()) {
                        return earlier;
                    }
                    insertShow(c, experiment, exposureId, unit, list, rule, at);
                    return java.util.Optional.<List<ShownItem>>empty();
                });
            } catch (RuntimeException e) {
                // Two nodes recording the same retried request at once: the loser reads the winner's show.
                if (!Jdbc.isUniqueViolation(e) || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private static java.util.Optional<List<ShownItem>> recorded(Connection c, String experiment, String exposureId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, side, neutral FROM interleaved_shows"
                + " WHERE experiment_key = ? AND exposure_id = ? ORDER BY position")) {
            ps.setString(1, experiment);
            ps.setString(2, exposureId);
            try (ResultSet rs = ps.executeQuery()) {
                List<ShownItem> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(new ShownItem(rs.getString(1), Side.valueOf(rs.getString(2).trim()), rs.getBoolean(3)));
                }
                return items.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(items);
            }
        }
    }

    private static void insertShow(Connection c, String experiment, String exposureId, String unit,
                                   TeamDraft.Interleaved<String> list, SharedItems rule, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO interleaved_shows (experiment_key, exposure_id,"
                + " item_id, unit_id, position, side, shown_at, neutral) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < list.items().size(); i++) {
                ps.setString(1, experiment);
                ps.setString(2, exposureId);
                ps.setString(3, list.items().get(i));
                ps.setString(4, unit);
                ps.setInt(5, i);
                ps.setString(6, list.teams().get(i).name());
                ps.setTimestamp(7, Timestamp.from(at));
                ps.setBoolean(8, list.creditAt(i, rule) == null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Credits the side of the latest show of {@code item} to {@code unit} in {@code [at - window, at]}, once per
     * (unit, item): returns the side credited now, or null (no such show, the item was credited before, or that
     * show was neutral: then the item is recorded as taken, for nobody).
     */
    public Side credit(String experiment, String unit, String item, Instant at, java.time.Duration window) {
        return insertAbsent(() -> Jdbc.inTransaction(database, c -> {
            if (exists(c, "SELECT 1 FROM interleaving_credits WHERE experiment_key = ? AND unit_id = ? AND item_id = ?",
                    experiment, unit, item)) {
                return null;
            }
            String side = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT side, neutral FROM interleaved_shows WHERE experiment_key = ?"
                    + " AND unit_id = ? AND item_id = ? AND shown_at >= ? AND shown_at <= ? ORDER BY shown_at DESC,"
                    + " exposure_id DESC")) {
                ps.setString(1, experiment);
                ps.setString(2, unit);
                ps.setString(3, item);
                ps.setTimestamp(4, Timestamp.from(at.minus(window)));
                ps.setTimestamp(5, Timestamp.from(at));
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        side = rs.getBoolean(2) ? NEUTRAL : rs.getString(1).trim();
                    }
                }
            }
            if (side == null) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO interleaving_credits (experiment_key, unit_id,"
                    + " item_id, side, occurred_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, experiment);
                ps.setString(2, unit);
                ps.setString(3, item);
                ps.setString(4, side);
                ps.setTimestamp(5, Timestamp.from(at));
                ps.executeUpdate();
            }
            return side.equals(NEUTRAL) ? null : Side.valueOf(side);
        }));
    }

    /** A unit shown at least one interleaved list, with the credit its interactions gave each side. */
    public record UnitCredits(String unit, long creditsA, long creditsB) {
        public Preference preference() {
            return Preference.of(creditsA, creditsB);
        }
    }

    /** Every unit shown an interleaved list in the experiment, in unit order. */
    public List<UnitCredits> units(String experiment) {
        return Jdbc.read(database, c -> {
            Map<String, long[]> credits = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT unit_id FROM interleaved_shows WHERE experiment_key = ?")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        credits.put(rs.getString(1), new long[2]);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_id, side, COUNT(*) FROM interleaving_credits"
                    + " WHERE experiment_key = ? AND side <> '" + NEUTRAL + "' GROUP BY unit_id, side")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long[] c2 = credits.computeIfAbsent(rs.getString(1), u -> new long[2]);
                        c2[Side.valueOf(rs.getString(2).trim()).ordinal()] += rs.getLong(3);
                    }
                }
            }
            List<UnitCredits> out = new ArrayList<>(credits.size());
            credits.forEach((unit, c2) -> out.add(new UnitCredits(unit, c2[0], c2[1])));
            return out;
        });
    }

    private static boolean exists(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Two nodes racing to insert the same key: the loser's work was done by the winner. */
    private static <T> T insertAbsent(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return null;
            }
            throw e;
        }
    }
}
