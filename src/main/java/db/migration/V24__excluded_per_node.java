package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * {@code node} in the key of {@code excluded_exposures} (issue 19), as V8 did for the daily rollups:
 * every event transaction that stores an excluded exposure adds to its experiment's row for the
 * reason, so one row per (experiment, reason) shared by the nodes would be held by one node's
 * transaction until its commit while every other node waited on it. Each node now adds to rows of
 * its own ({@code store.NodeSlot}) and {@code analysis.RollupReader} sums the nodes' rows. Existing
 * rows become node 0's. In Java because the two stores name the primary key differently.
 */
public class V24__excluded_per_node extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE excluded_exposures ADD COLUMN node INT DEFAULT 0 NOT NULL");
            s.execute(postgres ? "ALTER TABLE excluded_exposures DROP CONSTRAINT excluded_exposures_pkey"
                    : "ALTER TABLE excluded_exposures DROP PRIMARY KEY");
            s.execute("ALTER TABLE excluded_exposures ADD PRIMARY KEY (experiment_key, reason, node)");
        }
    }
}
