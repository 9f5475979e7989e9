package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * {@code kafka_state} (issue 20): the changelog of a processor's keyed state when it keeps only the
 * rollups in the store ({@code process --keep rollups}). Per partition, one row per transaction holds
 * what that transaction changed (event ids, units, conversions kept apart, shows), written with the
 * partition's next offset and the rollups it moved; now and then a snapshot row holds the whole state
 * and the rows before it are deleted. A partition's new owner reads its latest snapshot and the rows
 * after it. Each row records the topic's partition count: units are placed by hashing their key over
 * the partitions, so after a change of count the state no longer lives with its units, and a new
 * owner refuses it instead of counting units and retries again. {@code rollup_only_experiments} names the experiments whose events such a processor wrote:
 * their raw events and unit rows are not in the store, and exports and per-unit metrics say so instead
 * of reading nothing. In Java because the two stores name a binary column differently.
 */
public class V30__kafka_state extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kafka_state ("
                    + " group_id VARCHAR(255) NOT NULL,"
                    + " topic VARCHAR(255) NOT NULL,"
                    + " partition_id INTEGER NOT NULL,"
                    + " next_offset BIGINT NOT NULL,"
                    + " snapshot BOOLEAN NOT NULL,"
                    + " topic_partitions INTEGER NOT NULL,"
                    + " changes " + (postgres ? "BYTEA" : "BLOB") + " NOT NULL,"
                    + " PRIMARY KEY (group_id, topic, partition_id, next_offset))");
            s.execute("CREATE TABLE rollup_only_experiments ("
                    + " experiment_key VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " since TIMESTAMP WITH TIME ZONE NOT NULL)");
            if (postgres) {
                // The changes are compressed already: PostgreSQL's own compression would only cost CPU.
                s.execute("ALTER TABLE kafka_state ALTER COLUMN changes SET STORAGE EXTERNAL");
            }
        }
    }
}
