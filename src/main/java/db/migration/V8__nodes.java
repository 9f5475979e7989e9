package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Several nodes on one PostgreSQL (issue 19). In Java because the two stores differ: PostgreSQL gets
 * a partial index, which H2 does not have (and does not need: one H2 process sees all its shows).
 * <ul>
 * <li>{@code events_shows}: the exposures that list the items they showed, by unit, so that a node
 *     finds the shows other nodes made ({@code serving.StoredShows}). Partial: the bulk of the
 *     exposures (sent by clients, without items) and every conversion cost no index entry.</li>
 * <li>{@code node} in the daily rollups, part of their key: each node adds its deltas to rows of its
 *     own ({@code store.NodeSlot}), and readers sum the nodes' rows. Every event transaction updates
 *     the rollup rows of its treatments' current day, so rows shared by the nodes would be held by one
 *     node's transaction until its commit while the others wait. Existing rows become node 0's.</li>
 * </ul>
 */
public class V8__nodes extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("CREATE INDEX events_shows ON events (experiment_key, unit_id, occurred_at)"
                        + " WHERE shown_items IS NOT NULL");
            }
            for (String[] table : new String[][] {{"daily_exposures", "experiment_key, treatment, exposure_day, node"},
                    {"daily_metrics", "experiment_key, treatment, metric, exposure_day, node"}}) {
                s.execute("ALTER TABLE " + table[0] + " ADD COLUMN node INT DEFAULT 0 NOT NULL");
                s.execute(postgres ? "ALTER TABLE " + table[0] + " DROP CONSTRAINT " + table[0] + "_pkey"
                        : "ALTER TABLE " + table[0] + " DROP PRIMARY KEY");
                s.execute("ALTER TABLE " + table[0] + " ADD PRIMARY KEY (" + table[1] + ")");
            }
        }
    }
}
