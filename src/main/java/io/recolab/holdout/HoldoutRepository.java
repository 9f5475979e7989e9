package io.recolab.holdout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.recolab.experiment.MetricSpec;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The holdouts and their compared units in the store (V22). */
public final class HoldoutRepository {
    private static final String COLUMNS = "holdout_key, description, share_buckets, layer_name, metrics, status,"
            + " created_at, ended_at, created_by, ended_by";
    private final Database db;

    public HoldoutRepository(Database db) {
        this.db = db;
    }

    /** Inserts; a duplicate key surfaces as {@link Jdbc#isUniqueViolation}. Bumps the experiments' change counter. */
    public void insert(Holdout h) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO holdouts (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, h.key());
                ps.setString(2, h.description());
                ps.setInt(3, h.shareBuckets());
                ps.setString(4, h.layer());
                ps.setString(5, metricsJson(h.metrics()));
                ps.setString(6, h.status().wireName());
                ps.setTimestamp(7, Jdbc.ts(h.createdAt()));
                ps.setTimestamp(8, h.endedAt() == null ? null : Jdbc.ts(h.endedAt()));
                ps.setString(9, h.createdBy());
                ps.setString(10, h.endedBy());
                ps.executeUpdate();
            }
            bumpCounter(c);
            return true;
        });
    }

    /** Running -> stopped; false when it was not running. */
    public boolean stop(String key, Instant at, String actor) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE holdouts SET status = 'stopped', ended_at = ?, ended_by = ?"
                    + " WHERE holdout_key = ? AND status = 'running'")) {
                ps.setTimestamp(1, Jdbc.ts(at));
                ps.setString(2, actor);
                ps.setString(3, key);
                boolean changed = ps.executeUpdate() == 1;
                if (changed) {
                    bumpCounter(c);
                }
                return changed;
            }
        });
    }

    public List<Holdout> findAll() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM holdouts ORDER BY holdout_key");
                 ResultSet rs = ps.executeQuery()) {
                List<Holdout> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        });
    }

    public Optional<Holdout> find(String key) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM holdouts WHERE holdout_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A unit's first sighting in a holdout's scope; later ones (from any node) keep the first. */
    public record Sighting(String holdout, String unit, boolean heldOut, Instant at) {
    }

    public void record(List<Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        // One statement per row in autocommit: a row another node inserted meanwhile fails alone
        // (unique violation, ignored) without aborting the others as it would inside a transaction.
        Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO holdout_units (holdout_key, unit, held_out, first_seen)"
                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM holdout_units WHERE holdout_key = ? AND unit = ?)")) {
                for (Sighting s : sightings) {
                    ps.setString(1, s.holdout());
                    ps.setString(2, s.unit());
                    ps.setBoolean(3, s.heldOut());
                    ps.setTimestamp(4, Jdbc.ts(s.at()));
                    ps.setString(5, s.holdout());
                    ps.setString(6, s.unit());
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (!Dialect.isUniqueViolation(e)) {
                            throw e;
                        }
                    }
                }
                return null;
            }
        });
    }

    /** A compared unit and the times of its interactions at or after its first sighting. */
    public record UnitActivity(String unit, boolean heldOut, Instant firstSeen, List<Instant> interactions) {
    }

    public List<UnitActivity> activity(String key) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hu.unit, hu.held_out, hu.first_seen, i.occurred_at"
                    + " FROM holdout_units hu LEFT JOIN interactions i ON i.customer_id = hu.unit AND i.occurred_at >= hu.first_seen"
                    + " WHERE hu.holdout_key = ? ORDER BY hu.unit")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UnitActivity> out = new ArrayList<>();
                    String unit = null;
                    List<Instant> times = null;
                    while (rs.next()) {
                        if (!rs.getString(1).equals(unit)) {
                            unit = rs.getString(1);
                            times = new ArrayList<>();
                            out.add(new UnitActivity(unit, rs.getBoolean(2), Jdbc.instant(rs.getTimestamp(3)), times));
                        }
                        Timestamp t = rs.getTimestamp(4);
                        if (t != null) {
                            times.add(Jdbc.instant(t));
                        }
                    }
                    return out;
                }
            }
        });
    }

    private static Holdout row(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp(8);
        return new Holdout(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), metrics(rs.getString(5)),
                Holdout.Status.valueOf(rs.getString(6).toUpperCase(java.util.Locale.ROOT)), Jdbc.instant(rs.getTimestamp(7)),
                ended == null ? null : Jdbc.instant(ended), rs.getString(9), rs.getString(10));
    }

    static String metricsJson(List<MetricSpec> metrics) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (MetricSpec m : metrics) {
            array.addObject().put("name", m.name()).put("type", m.type().wireName()).put("windowDays", m.windowDays());
        }
        return Json.write(array);
    }

    private static List<MetricSpec> metrics(String json) {
        List<MetricSpec> out = new ArrayList<>();
        for (JsonNode m : Json.readOwn(json)) {
            out.add(new MetricSpec(m.get("name").asText(),
                    MetricSpec.Type.valueOf(m.get("type").asText().toUpperCase(java.util.Locale.ROOT)), m.get("windowDays").asInt()));
        }
        return out;
    }

    // Holdouts change assignment: the experiments' counter makes every node refresh its catalog.
    private static void bumpCounter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_counters SET counter = counter + 1 WHERE name = 'experiments'")) {
            ps.executeUpdate();
        }
    }
}
