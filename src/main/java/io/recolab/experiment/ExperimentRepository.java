package io.recolab.experiment;

import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Experiments and their audit trail in the store. Every write also records a {@link Change}. */
public final class ExperimentRepository {
    private static final String COLUMNS = "experiment_key, definition, status, revision, created_at, updated_at, started_at, stopped_at, archived_at";
    private final Database db;

    public ExperimentRepository(Database db) {
        this.db = db;
    }

    public List<Experiment> findAll() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM experiments ORDER BY updated_at DESC, experiment_key");
                 ResultSet rs = ps.executeQuery()) {
                List<Experiment> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(row(rs));
                }
                return all;
            }
        });
    }

    public Optional<Experiment> find(String key) {
        return Jdbc.read(db, c -> find(c, key));
    }

    private static Optional<Experiment> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM experiments WHERE experiment_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** @return false if an experiment with this key exists already */
    public boolean insert(Experiment e, Change change) {
        return Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.key());
                ps.setString(2, DefinitionJson.write(e.definition()));
                ps.setString(3, e.status().wireName());
                ps.setLong(4, e.revision());
                ps.setTimestamp(5, Jdbc.ts(e.createdAt()));
                ps.setTimestamp(6, Jdbc.ts(e.updatedAt()));
                ps.setTimestamp(7, Jdbc.ts(e.startedAt()));
                ps.setTimestamp(8, Jdbc.ts(e.stoppedAt()));
                ps.setTimestamp(9, Jdbc.ts(e.archivedAt()));
                ps.executeUpdate();
            } catch (SQLException ex) {
                if (Dialect.isUniqueViolation(ex)) {
                    c.rollback();
                    return false;
                }
                throw ex;
            }
            recordChange(c, e.key(), change);
            bumpCounter(c);
            return true;
        });
    }

    /**
     * Replaces an experiment if nobody changed it since {@code expectedRevision} was read.
     * @return false on a lost race (the caller re-reads and decides again)
     */
    public boolean update(Experiment e, long expectedRevision, Change change) {
        return Jdbc.inTransaction(db, c -> {
            int rows;
            try (PreparedStatement ps = c.prepareStatement("UPDATE experiments SET definition = ?, status = ?, revision = ?, "
                    + "updated_at = ?, started_at = ?, stopped_at = ?, archived_at = ? WHERE experiment_key = ? AND revision = ?")) {
                ps.setString(1, DefinitionJson.write(e.definition()));
                ps.setString(2, e.status().wireName());
                ps.setLong(3, e.revision());
                ps.setTimestamp(4, Jdbc.ts(e.updatedAt()));
                ps.setTimestamp(5, Jdbc.ts(e.startedAt()));
                ps.setTimestamp(6, Jdbc.ts(e.stoppedAt()));
                ps.setTimestamp(7, Jdbc.ts(e.archivedAt()));
                ps.setString(8, e.key());
                ps.setLong(9, expectedRevision);
                rows = ps.executeUpdate();
            }
            if (rows == 0) {
                return false;
            }
            recordChange(c, e.key(), change);
            bumpCounter(c);
            return true;
        });
    }

    /** Every experiment's forced treatments: key -> unit -> treatment name (issue 23.4). */
    public java.util.Map<String, java.util.Map<String, String>> overrides() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT experiment_key, unit, treatment FROM experiment_overrides ORDER BY experiment_key, unit");
                 ResultSet rs = ps.executeQuery()) {
                java.util.Map<String, java.util.Map<String, String>> all = new java.util.HashMap<>();
                while (rs.next()) {
                    all.computeIfAbsent(rs.getString(1), k -> new java.util.LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
                return all;
            }
        });
    }

    public java.util.Map<String, String> overrides(String key) {
        return overrides().getOrDefault(key, java.util.Map.of());
    }

    /** Those of {@code units} that already have an analysed exposure in the experiment, in the given order. */
    public List<String> analysedAmong(String key, java.util.Collection<String> units) {
        if (units.isEmpty()) {
            return List.of();
        }
        return Jdbc.read(db, c -> {
            List<String> analysed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM experiment_units WHERE experiment_key = ?"
                    + " AND unit_id = ? AND first_exposure_at IS NOT NULL")) {
                ps.setString(1, key);
                for (String unit : units) {
                    ps.setString(2, unit);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            analysed.add(unit);
                        }
                    }
                }
            }
            return analysed;
        });
    }

    /** Replaces an experiment's forced treatments whole, with its audit record, in one transaction. */
    public void replaceOverrides(String key, java.util.Map<String, String> overrides, Change change) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM experiment_overrides WHERE experiment_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO experiment_overrides (experiment_key, unit, treatment) VALUES (?, ?, ?)")) {
                for (var o : overrides.entrySet()) {
                    ps.setString(1, key);
                    ps.setString(2, o.getKey());
                    ps.setString(3, o.getValue());
                    ps.addBatch();
                }
                if (!overrides.isEmpty()) {
                    ps.executeBatch();
                }
            }
            recordChange(c, key, change);
            bumpCounter(c);
            return true;
        });
    }

    public List<Change> history(String key) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT changed_at, actor, action, detail FROM experiment_changes WHERE experiment_key = ? ORDER BY id")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Change> changes = new ArrayList<>();
                    while (rs.next()) {
                        changes.add(new Change(Jdbc.instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                    return changes;
                }
            }
        });
    }

    /** A cheap number that moves whenever any experiment changes; nodes poll it (DESIGN: cached definitions). */
    public long changeCounter() {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT counter FROM change_counters WHERE name = 'experiments'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static void recordChange(Connection c, String key, Change change) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO experiment_changes (experiment_key, changed_at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Jdbc.ts(change.at()));
            ps.setString(3, change.actor());
            ps.setString(4, change.action());
            ps.setString(5, change.detail());
            ps.executeUpdate();
        }
    }

    private static void bumpCounter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_counters SET counter = counter + 1 WHERE name = 'experiments'")) {
            ps.executeUpdate();
        }
    }

    private static Experiment row(ResultSet rs) throws SQLException {
        return new Experiment(DefinitionJson.parseStored(Json.readOwn(rs.getString(2))), Status.fromWire(rs.getString(3)),
                Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6)), rs.getLong(4),
                Jdbc.instant(rs.getTimestamp(7)), Jdbc.instant(rs.getTimestamp(8)), Jdbc.instant(rs.getTimestamp(9)));
    }
}
