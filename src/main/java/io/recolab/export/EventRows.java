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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The raw exposures or conversions of one experiment, streamed from the {@code events} table in
 * timestamp order a page at a time: each page is one short query that continues after the last
 * row of the one before ({@code occurred_at, event_id}, unique within an experiment) and reads
 * straight off the index {@code events_in_export_order}, so the first rows leave at once whatever
 * the size, no query sorts the whole selection, and memory stays at one page. Between pages the
 * export holds no connection and no transaction (a slow client holds nothing in the database),
 * and a {@link Cancellation} stops it there or cancels the page's query.
 */
public final class EventRows {
    /**
     * {@code exclusion}: why the event is out of the analysis (events.Exclusion; empty when it may count, and
     * for events stored before V28); {@code slices}: an exposure's slice values, a JSON object.
     */
    public static final List<String> COLUMNS = List.of("id", "experiment", "type", "unit", "treatment", "in_experiment",
            "metric", "value", "timestamp", "received_at", "items", "exclusion", "slices");
    /** Rows a page: about a megabyte in memory; a short indexed query. */
    static final int PAGE = 5_000;
    /** The first page is small, so its rows leave at once even from a cold cache. */
    static final int FIRST_PAGE = 200;
    /** How often (rows) the progress callback hears of the count. */
    static final int PROGRESS_EVERY = 10_000;

    /** Which events: one experiment, one type, optionally one metric and a range of days. */
    public record Selection(String experiment, String type, String metric, DateRange range) {
        String where() {
            return " WHERE experiment_key = ? AND event_type = ?" + (metric == null ? "" : " AND metric = ?")
                    + (range.start() == null ? "" : " AND occurred_at >= ?") + (range.end() == null ? "" : " AND occurred_at < ?");
        }

        /** @return the next parameter's index */
        int bind(PreparedStatement ps) throws SQLException {
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
                ps.setTimestamp(p++, Timestamp.from(range.end()));
            }
            return p;
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

    /**
     * @return the number of rows written
     * @throws Cancellation.Cancelled once cancelled (between pages, or from the page's cancelled query)
     */
    public static long write(Database database, Selection s, Rows rows, LongConsumer progress, Cancellation cancel)
            throws IOException {
        rows.flush(); // the header (CSV) leaves before the first query
        long count = 0;
        Page page = null;
        while (true) {
            page = page(database, s, page, cancel);
            for (Object[] row : page.rows) {
                rows.row(row);
                if (++count % PROGRESS_EVERY == 0) {
                    progress.accept(count);
                }
            }
            rows.flush();
            if (page.rows.size() < page.size) {
                break;
            }
        }
        progress.accept(count);
        return count;
    }

    /** The stored JSON object (keys sorted when written) as a map, null when absent. */
    private static java.util.Map<String, String> sliceValues(String json) {
        if (json == null) {
            return null;
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        io.recolab.json.Json.readOwn(json).fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    /** A page's rows and the key of its last row, where the next page begins. */
    private record Page(int size, List<Object[]> rows, OffsetDateTime lastAt, String lastId) {
    }

    /** The page after {@code after} (null: the first), read whole and the connection returned before a byte of it is written. */
    private static Page page(Database database, Selection s, Page after, Cancellation cancel)
            throws IOException {
        int size = after == null ? FIRST_PAGE : PAGE;
        String sql = "SELECT event_id, experiment_key, event_type, unit_id, treatment, in_experiment, metric, event_value,"
                + " occurred_at, received_at, shown_items, exclusion, slice_values FROM events" + s.where()
                + (after == null ? "" : " AND occurred_at >= ? AND (occurred_at > ? OR event_id > ?)")
                // The index's whole column list: H2 reads a page off the index only when ORDER BY names
                // it all (with "ORDER BY occurred_at, event_id" it scanned every row for each page).
                + " ORDER BY experiment_key, event_type, occurred_at, event_id FETCH FIRST " + size + " ROWS ONLY";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int p = s.bind(ps);
            if (after != null) {
                ps.setObject(p++, after.lastAt);
                ps.setObject(p++, after.lastAt);
                ps.setString(p, after.lastId);
            }
            if (!cancel.running(ps)) {
                throw new Cancellation.Cancelled();
            }
            List<Object[]> page = new ArrayList<>(size);
            OffsetDateTime lastAt = null;
            String lastId = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String items = rs.getString(11);
                    lastAt = rs.getObject(9, OffsetDateTime.class);
                    lastId = rs.getString(1);
                    page.add(new Object[] {lastId, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getDouble(8), lastAt.toInstant().toString(),
                            rs.getObject(10, OffsetDateTime.class).toInstant().toString(),
                            items == null ? null : ItemIds.split(items), rs.getString(12), sliceValues(rs.getString(13))});
                }
            } finally {
                cancel.running(null);
            }
            return new Page(size, page, lastAt, lastId);
        } catch (SQLException e) {
            if (cancel.cancelled()) {
                throw new Cancellation.Cancelled();
            }
            throw new StoreException("database error while exporting events: " + e.getMessage(), e);
        }
    }
}
