package io.recolab.analysis;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the daily rollups of one experiment and metric: O(treatments x days) rows, never raw events. */
public final class RollupReader {
    /** One (treatment, day) cell; the metric's sums are 0 on days with units but no counted conversion. */
    public record Cell(String treatment, LocalDate day, long units, long converted, double sum, double sumSquares) {
    }

    private final Database database;

    public RollupReader(Database database) {
        this.database = database;
    }

    public List<Cell> read(String experiment, String metric) {
        return Jdbc.read(database, c -> {
            List<Cell> cells = new ArrayList<>();
            // Left join: units exist per day even where nobody converted. Metric rows without an
            // exposure row cannot occur (a unit is counted on the day its metric sums are kept).
            try (PreparedStatement ps = c.prepareStatement("SELECT e.treatment, e.exposure_day, e.units,"
                    + " COALESCE(m.converted, 0), COALESCE(m.value_sum, 0), COALESCE(m.value_sum_squares, 0)"
                    + " FROM daily_exposures e LEFT JOIN daily_metrics m ON m.experiment_key = e.experiment_key"
                    + " AND m.treatment = e.treatment AND m.exposure_day = e.exposure_day AND m.metric = ?"
                    + " WHERE e.experiment_key = ? ORDER BY e.exposure_day, e.treatment")) {
                ps.setString(1, metric);
                ps.setString(2, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cells.add(new Cell(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4),
                                rs.getDouble(5), rs.getDouble(6)));
                    }
                }
            }
            return cells;
        });
    }

    /** The experiment's stored exposures kept out of the analysis, by reason (see events.Exclusion); empty if none. */
    public Map<String, Long> excluded(String experiment) {
        return Jdbc.read(database, c -> {
            Map<String, Long> found = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reason, exposures FROM excluded_exposures WHERE experiment_key = ?")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return found;
        });
    }
}
