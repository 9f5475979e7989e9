package io.recolab.export;

import io.recolab.events.ItemIds;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.store.StoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The raw exposures or conversions of one experiment, streamed from the {@code events} table in
 * timestamp order through a forward-only cursor: memory stays constant whatever the number of
 * rows. PostgreSQL only streams (fetch size) inside a transaction, so autocommit is off while
 * reading; H2 spills large results to a temporary file by itself.
 */
public final class EventRows {
    public static final List<String> COLUMNS = List.of("id", "experiment", "type", "unit", "treatment", "in_experiment",
            "metric", "value", "timestamp", "received_at", "items");
    static final int FETCH_SIZE = 1_000;
    /** How often (rows) the progress callback hears of the count. */
    static final int PROGRESS_EVERY = 10_000;

    /** Which events: one experiment, one type, optionally one metric and a range of days. */
    public record Selection(String experiment, String type, String metric, DateRange range) {
        String where() {
            return " WHERE experiment_key = ? AND event_type = ?" + (metric == null ? "" : " AND metric = ?")
                    + (range.start() == null ? "" : " AND occurred_at >= ?") + (range.end() == null ? "" : " AND occurred_at < ?");
        }

        void bind(PreparedStatement ps) throws SQLException {
            int p = 1;
            ps.setString(p++, experiment);
            ps.setString(p++, type);
            if (metric != null) {
                ps.setString(p++, metric);
            }
            if (range.start() != null) {
                ps.setTimestamp(p++, Timestamp.from(range.start()));
            }
            if (range.end() != null) {
                ps.setTimestamp(p, Timestamp.from(range.end()));
            }
        }
    }

    private EventRows() {
    }

    /** How many rows {@link #write} will write (for a progress bar). */
    public static long count(Database database, Selection s) {
        return Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events" + s.where())) {
                s.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** @return the number of rows written */
    public static long write(Database database, Selection s, Rows rows, LongConsumer progress) throws IOException {
        String sql = "SELECT event_id, experiment_key, event_type, unit_id, treatment, in_experiment, metric, event_value,"
                + " occurred_at, received_at, shown_items FROM events" + s.where() + " ORDER BY occurred_at, event_id";
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                s.bind(ps);
                long count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String items = rs.getString(11);
                        rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getBoolean(6), rs.getString(7), rs.getDouble(8), rs.getTimestamp(9).toInstant().toString(),
                                rs.getTimestamp(10).toInstant().toString(), items == null ? null : ItemIds.split(items));
                        if (++count % PROGRESS_EVERY == 0) {
                            progress.accept(count);
                        }
                    }
                }
                progress.accept(count);
                return count;
            } finally {
                c.rollback(); // nothing was written; ends the cursor's transaction before the pool takes the connection back
            }
        } catch (SQLException e) {
            throw new StoreException("database error while exporting events: " + e.getMessage(), e);
        }
    }
}
