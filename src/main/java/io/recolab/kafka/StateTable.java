package io.recolab.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code kafka_state} (V30): each partition's state changelog, one row per transaction keyed by the
 * next offset it takes the partition to, written in that transaction. A snapshot row (the whole
 * state) is written instead of a changes row once the changes since the last snapshot outweigh it,
 * and the rows before it are deleted: a new owner reads at most about twice the state, and the
 * snapshots cost at most about what the changes cost.
 */
final class StateTable {
    /** At least this many changes rows between snapshots, so that a small state is not rewritten every time. */
    static final int MIN_DELTAS_PER_SNAPSHOT = 32;
    /**
     * A snapshot larger than this is not written (the rows since the last one are kept and read on
     * load instead): one value must stay well under PostgreSQL's 1 GB per field, and a snapshot that
     * failed every time would stall its partition. The warning says to shorten the dedup horizon or
     * add partitions.
     */
    static final int MAX_SNAPSHOT_BYTES = StateChanges.MAX_ROW_BYTES;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateTable.class);

    private final String group;
    private final String topic;
    private final Clock clock;
    private final Duration dedupHorizon;

    StateTable(String group, String topic, Clock clock, Duration dedupHorizon) {
        this.group = group;
        this.topic = topic;
        this.clock = clock;
        this.dedupHorizon = dedupHorizon;
    }

    /**
     * The partition's state as of its stored offset: the latest snapshot, then the changes after it.
     *
     * @param storedOffset the partition's {@code kafka_offsets} value, null if none
     * @throws IllegalStateException if the partition was written by a processor keeping rows ({@code --keep events})
     */
    PartitionState load(Connection c, int partition, Long storedOffset, int topicPartitions) throws SQLException {
        PartitionState state = new PartitionState(partition, topicPartitions);
        long last = -1;
        try (PreparedStatement ps = c.prepareStatement("SELECT next_offset, snapshot, changes, topic_partitions FROM kafka_state"
                + " WHERE group_id = ? AND topic = ? AND partition_id = ? AND next_offset >= (SELECT COALESCE(MAX(next_offset), -1)"
                + " FROM kafka_state WHERE group_id = ? AND topic = ? AND partition_id = ? AND snapshot) ORDER BY next_offset")) {
            bindPartition(ps, 1, partition);
            bindPartition(ps, 4, partition);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(4) != topicPartitions) {
                        throw new IllegalStateException("topic " + topic + " has " + topicPartitions + " partitions, but group "
                                + group + " built its keyed state over " + rs.getInt(4) + ": units now hash to partitions"
                                + " without their state and would be counted again. Restore the partition count, or start a"
                                + " new --group on a new store");
                    }
                    byte[] row = rs.getBytes(3);
                    state.apply(StateChanges.decode(row));
                    last = rs.getLong(1);
                    state.rowStored(rs.getBoolean(2), row.length);
                }
            }
        }
        if (storedOffset != null && last != storedOffset) {
            // Every transaction of --keep rollups writes a row with its offset: a stored offset without one
            // was written by a processor keeping rows, whose ids and units are not in this state.
            throw new IllegalStateException("partition " + partition + " of " + topic + " was written by group " + group
                    + (last < 0 ? " with --keep events (rows, no keyed state)" : " up to offset " + storedOffset
                    + " but its state only to " + last) + ": start this group with --keep events, or use a new --group"
                    + " and a new store");
        }
        state.next = storedOffset == null ? -1 : storedOffset;
        return state;
    }

    /** Why a processor keeping rows ({@code --keep events}) must not write this group's topic. */
    String keptRollups() {
        return "group " + group + " has written " + topic + " with --keep rollups (keyed state, no raw events): start it"
                + " with --keep rollups, or use a new --group and a new store";
    }

    /** Whether any partition of this group's topic has keyed state: a processor keeping rows must not write it then. */
    boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM kafka_state WHERE group_id = ? AND topic = ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Writes the transaction's changes of the partition (or a snapshot) as the row of its next offset. */
    void append(Connection c, PartitionState state, long next) throws SQLException {
        StateChanges changes = state.takeChanges();
        boolean snapshot = state.deltasSinceSnapshot >= MIN_DELTAS_PER_SNAPSHOT
                && state.deltaBytesSinceSnapshot >= state.snapshotBytes;
        byte[] row;
        if (snapshot) {
            state.prune(clock.instant(), dedupHorizon);
            try {
                row = state.snapshot().encode();
            } catch (StateChanges.TooLarge e) {
                row = null;
            }
            if (row == null) {
                LOG.warn("partition {}: its state is over {} bytes compressed: no snapshot, a new owner reads every row"
                        + " since the last one; shorten --dedup-horizon or add partitions", state.partition, MAX_SNAPSHOT_BYTES);
                snapshot = false;
                state.snapshotBytes = MAX_SNAPSHOT_BYTES; // the next attempt waits for as many bytes of changes again
                state.deltaBytesSinceSnapshot = 0;
                row = changes.encode();
            }
        } else {
            row = changes.encode();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kafka_state (group_id, topic, partition_id, next_offset,"
                + " snapshot, changes, topic_partitions) VALUES (?,?,?,?,?,?,?)")) {
            bindPartition(ps, 1, state.partition);
            ps.setLong(4, next);
            ps.setBoolean(5, snapshot);
            ps.setBytes(6, row);
            ps.setInt(7, state.topicPartitions);
            ps.executeUpdate();
        }
        if (snapshot) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kafka_state WHERE group_id = ? AND topic = ?"
                    + " AND partition_id = ? AND next_offset < ?")) {
                bindPartition(ps, 1, state.partition);
                ps.setLong(4, next);
                ps.executeUpdate();
            }
        }
        state.rowStored(snapshot, row.length);
    }

    /** Binds (group, topic, partition) from parameter {@code at}: every statement here names one partition's rows. */
    private void bindPartition(PreparedStatement ps, int at, int partition) throws SQLException {
        ps.setString(at, group);
        ps.setString(at + 1, topic);
        ps.setInt(at + 2, partition);
    }
}
