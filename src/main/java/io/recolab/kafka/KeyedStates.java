package io.recolab.kafka;

import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyed state of the partitions this instance owns ({@code --keep rollups}): loaded from
 * {@code kafka_state} when a partition is assigned, dropped when it is revoked, and loaded again
 * after a failed transaction (whose changes in memory the database did not keep). Lanes use the
 * states of disjoint partitions at once; the processor's thread loads and drops them between polls.
 */
final class KeyedStates {
    private final Database database;
    private final OffsetTable offsets;
    private final StateTable table;
    private final Map<Integer, PartitionState> owned = new ConcurrentHashMap<>();

    KeyedStates(Database database, OffsetTable offsets, StateTable table) {
        this.database = database;
        this.offsets = offsets;
        this.table = table;
    }

    StateTable table() {
        return table;
    }

    /**
     * Reads the partitions' state as of their stored offsets (replacing what memory holds of them).
     * @param topicPartitions the topic's partition count now (the state must have been built with the same)
     */
    void load(Collection<Integer> partitions, int topicPartitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // Offsets and changelog rows of one snapshot of the store: a zombie committing between two reads
        // would otherwise look like a partition written in the other mode.
        Map<Integer, PartitionState> loaded = Jdbc.inTransaction(database, c -> {
            c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            Map<Integer, Long> stored = offsets.load(c, partitions);
            Map<Integer, PartitionState> out = new java.util.HashMap<>();
            for (int p : partitions) {
                out.put(p, table.load(c, p, stored.get(p), topicPartitions));
            }
            return out;
        });
        owned.putAll(loaded);
    }

    /** The offset the partition's loaded state is at (where to read on from); null if none is stored or loaded. */
    Long next(int partition) {
        PartitionState state = owned.get(partition);
        return state == null || state.next < 0 ? null : state.next;
    }

    /** Units in the owned partitions' state (a gauge: read without a lock while lanes change it). */
    long units() {
        return owned.values().stream().mapToLong(s -> s.units.size()).sum();
    }

    /** Event ids remembered for the dedup horizon in the owned partitions' state (a gauge, as {@link #units}). */
    long ids() {
        return owned.values().stream().mapToLong(s -> s.ids.size()).sum();
    }

    void drop(Collection<Integer> partitions) {
        partitions.forEach(owned::remove);
    }

    /** @throws IllegalStateException if the partition's state is not loaded (not owned) */
    PartitionState get(int partition) {
        PartitionState state = owned.get(partition);
        if (state == null) {
            throw new IllegalStateException("partition " + partition + " has no loaded state: not owned by this instance");
        }
        return state;
    }
}
