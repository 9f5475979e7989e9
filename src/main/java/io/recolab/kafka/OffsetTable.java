package io.recolab.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@code kafka_offsets}: the next offset of each partition, written in the transaction of the rows it covers. */
final class OffsetTable {
    private final String group;
    private final String topic;

    OffsetTable(String group, String topic) {
        this.group = group;
        this.topic = topic;
    }

    Map<Integer, Long> load(Connection c, Collection<Integer> partitions) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT partition_id, next_offset FROM kafka_offsets WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (partitions.contains(rs.getInt(1))) {
                        out.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Moves each partition forward, never back: an instance the group already replaced (a zombie
     * finishing its last batch) cannot rewind the new owner. Its rows are harmless either way: the
     * events' ids make a second write of the same records a no-op.
     */
    void save(Connection c, Map<Integer, Long> next, Instant now) throws SQLException {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(next).entrySet()) { // one lock order on every instance
            int updated = update(c, e.getKey(), e.getValue(), at, "next_offset <= ?", e.getValue());
            if (updated == 0 && !exists(c, e.getKey())) {
                insert(c, e.getKey(), e.getValue(), at);
            }
        }
    }

    /**
     * Moves one partition from the offset this instance last stored (or loaded) to the next, and fails
     * the transaction if the stored offset is another: another instance wrote the partition since (this
     * one lost it in a rebalance and is a zombie, or it is the zombie's new owner that loaded the state
     * too early). Where duplicates are found in the instance's memory ({@code --keep rollups}) this fence,
     * not the events' primary key, keeps two owners from counting the same records.
     *
     * @param expected the offset stored with the instance's state, -1 if none was
     */
    void advance(Connection c, int partition, long expected, long next, Instant now) throws SQLException {
        if (expected >= 0 && next <= expected) {
            throw new SQLException("partition " + partition + " of " + topic + ": next offset " + next + " is not past the stored "
                    + expected + ": records read again from before the state");
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        if (expected < 0) {
            insert(c, partition, next, at); // a unique violation if another instance stored the partition first: rolled back
            return;
        }
        if (update(c, partition, next, at, "next_offset = ?", expected) != 1) {
            throw new SQLException("partition " + partition + " of " + topic + " was written by another instance of group "
                    + group + " (stored offset is no longer " + expected + "): not writing it twice");
        }
    }

    /** Sets the partition's next offset where its stored one meets {@code guard} (a condition on next_offset and one value). */
    private int update(Connection c, int partition, long next, OffsetDateTime at, String guard, long bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kafka_offsets SET next_offset = ?, updated_at = ?"
                + " WHERE group_id = ? AND topic = ? AND partition_id = ? AND " + guard)) {
            ps.setLong(1, next);
            ps.setObject(2, at);
            ps.setString(3, group);
            ps.setString(4, topic);
            ps.setInt(5, partition);
            ps.setLong(6, bound);
            return ps.executeUpdate();
        }
    }

    private void insert(Connection c, int partition, long next, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kafka_offsets (group_id, topic, partition_id,"
                + " next_offset, updated_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            ps.setLong(4, next);
            ps.setObject(5, at);
            ps.executeUpdate();
        }
    }

    private boolean exists(Connection c, int partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM kafka_offsets WHERE group_id = ? AND topic = ? AND partition_id = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
