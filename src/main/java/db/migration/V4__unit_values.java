package db.migration;

import io.recolab.events.UnitValues;
import io.recolab.events.Rollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Adds {@code experiment_units.inline_conversions} and moves each unit's running metric values from {@code unit_metrics} (a row per unit and metric)
 * into its {@code experiment_units} row ({@code metric_values}), then drops {@code unit_metrics}.
 * Ingestion then writes one row per unit instead of two, and reads a unit's state in one lookup
 * (issue 3 benchmarks). In Java, not SQL: string aggregation is spelled differently on H2 and
 * PostgreSQL, and the encoding must be exactly {@link UnitValues}'s.
 */
public class V4__unit_values extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE experiment_units ADD COLUMN metric_values VARCHAR(1000000)");
            // A unit's first conversions (UnitRows.INLINE), so that most conversions need no row of their
            // own; existing ones stay in unit_conversions, which re-reads still consult.
            s.execute("ALTER TABLE experiment_units ADD COLUMN inline_conversions VARCHAR(1000000)");
        }
        // Every unit_metrics row belongs to an exposed unit (values are only counted after an exposure).
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT experiment_key, unit_id, metric, unit_value, conversions"
                     + " FROM unit_metrics ORDER BY experiment_key, unit_id");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE experiment_units SET metric_values = ? WHERE experiment_key = ? AND unit_id = ?")) {
            String key = null;
            String unit = null;
            Map<String, Rollup.UnitValue> values = new TreeMap<>();
            int pending = 0;
            while (rs.next()) {
                if (unit != null && !(rs.getString(1).equals(key) && rs.getString(2).equals(unit))) {
                    add(update, key, unit, values);
                    values.clear();
                    if (++pending % 1_000 == 0) {
                        update.executeBatch();
                    }
                }
                key = rs.getString(1);
                unit = rs.getString(2);
                values.put(rs.getString(3), new Rollup.UnitValue(rs.getDouble(4), rs.getLong(5)));
            }
            if (unit != null) {
                add(update, key, unit, values);
            }
            update.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE unit_metrics");
        }
    }

    private static void add(PreparedStatement update, String key, String unit, Map<String, Rollup.UnitValue> values)
            throws Exception {
        update.setString(1, UnitValues.encode(values));
        update.setString(2, key);
        update.setString(3, unit);
        update.addBatch();
    }
}
