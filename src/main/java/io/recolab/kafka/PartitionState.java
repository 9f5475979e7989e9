package io.recolab.kafka;

import io.recolab.events.EventPrint;
import io.recolab.events.UnitTable;
import io.recolab.experiment.MetricSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's keyed state when the processor keeps only rollups in the store ({@code --keep
 * rollups}): the event ids written within the dedup horizon, the units (treatment, first exposure,
 * running values, conversions) and the shows of the partition's units. The records of a unit all
 * go to its partition, so the partition's owner alone reads and changes them, in memory; each
 * transaction's changes ({@link StateChanges}) are written to {@code kafka_state} with the
 * partition's next offset, and a new owner rebuilds the state from there ({@link StateTable}).
 */
final class PartitionState {
    /** What an id was written with (its print: a retry must repeat it), and when it arrived (for the dedup horizon). */
    record Seen(EventPrint content, long arrivedMillis) {
    }

    final int partition;
    /** The topic's partition count the state was built with (units are hashed over them). */
    final int topicPartitions;
    /** The next offset stored with this state; -1 while the store holds none for the partition. */
    long next = -1;
    /** Changelog rows after the latest snapshot, and their bytes: when to write the next snapshot. */
    int deltasSinceSnapshot;
    long deltaBytesSinceSnapshot;
    long snapshotBytes;
    final Map<String, Seen> ids = new HashMap<>();
    final Map<ShowTable.UnitKey, UnitTable.Unit> units = new HashMap<>();
    /** Conversions beyond a unit's {@link UnitTable#INLINE}, for re-reads. */
    final Map<ShowTable.UnitKey, List<UnitTable.Conversion>> apart = new HashMap<>();
    final Map<ShowTable.UnitKey, List<ShowTable.Show>> shows = new HashMap<>();
    /** What the running transaction changed: the next changelog row. */
    private StateChanges changes = new StateChanges();

    PartitionState(int partition, int topicPartitions) {
        this.partition = partition;
        this.topicPartitions = topicPartitions;
    }

    /** Counts a changelog row read or written: when the next snapshot is due. */
    void rowStored(boolean snapshot, int bytes) {
        if (snapshot) {
            snapshotBytes = bytes;
            deltasSinceSnapshot = 0;
            deltaBytesSinceSnapshot = 0;
        } else {
            deltasSinceSnapshot++;
            deltaBytesSinceSnapshot += bytes;
        }
    }

    static String idKey(String experiment, String id) {
        return experiment + '\n' + id;
    }

    void written(String experiment, String id, Seen seen) {
        String key = idKey(experiment, id);
        ids.put(key, seen);
        changes.ids().put(key, seen);
    }

    void putUnit(ShowTable.UnitKey key, UnitTable.Unit unit) {
        units.put(key, unit);
        changes.units().put(key, unit);
    }

    void addApart(ShowTable.UnitKey key, UnitTable.Conversion conversion) {
        apart.computeIfAbsent(key, k -> new ArrayList<>()).add(conversion);
        changes.apart().add(Map.entry(key, conversion));
    }

    void addShow(ShowTable.UnitKey key, ShowTable.Show show) {
        shows.computeIfAbsent(key, k -> new ArrayList<>()).add(show);
        changes.shows().add(Map.entry(key, show));
    }

    /** The running transaction's changes, and a fresh record for the next one. */
    StateChanges takeChanges() {
        StateChanges out = changes;
        changes = new StateChanges();
        return out;
    }

    /** Applies a changelog row read back (a snapshot is the changes that build the whole state). */
    void apply(StateChanges row) {
        ids.putAll(row.ids());
        units.putAll(row.units());
        row.apart().forEach(e -> apart.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        row.shows().forEach(e -> shows.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    /**
     * Forgets what can no longer matter, before a snapshot: ids that arrived more than twice the dedup
     * horizon ago, and shows older than the longest metric window. Twice: a copy within the horizon of
     * its original is read at most a horizon after its own arrival (later, it is refused as past the
     * horizon), so by twice the horizon after the original no copy can still need the id. An hour more
     * for records decoded before the snapshot and a node's delay between arrival and Kafka's timestamp.
     */
    void prune(Instant now, Duration dedupHorizon) {
        long idsBefore = now.minus(dedupHorizon.multipliedBy(2)).minus(Duration.ofHours(1)).toEpochMilli();
        ids.values().removeIf(s -> s.arrivedMillis() < idsBefore);
        Instant showsBefore = now.minus(Duration.ofDays(MetricSpec.MAX_WINDOW_DAYS));
        shows.values().forEach(list -> list.removeIf(s -> s.at().isBefore(showsBefore)));
        shows.values().removeIf(List::isEmpty);
    }

    /** The whole state as one changelog row. */
    StateChanges snapshot() {
        StateChanges all = new StateChanges();
        all.ids().putAll(ids);
        all.units().putAll(units);
        apart.forEach((k, list) -> list.forEach(c -> all.apart().add(Map.entry(k, c))));
        shows.forEach((k, list) -> list.forEach(s -> all.shows().add(Map.entry(k, s))));
        return all;
    }
}
