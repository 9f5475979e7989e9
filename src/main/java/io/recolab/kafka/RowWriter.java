package io.recolab.kafka;

import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.SliceCap;
import io.recolab.store.Dialect;
import io.recolab.store.NodeSlot;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --keep events} (the default): a lane writes its part through the store's own write path,
 * raw events, unit rows and rollups, as the direct path does, with the shows in {@code kafka_shows}
 * and the partitions' next offsets; the events' primary key removes duplicates.
 */
final class RowWriter implements WriterLane.PartWriter {
    private final Dialect dialect;
    private final NodeSlot slot;
    private final SliceCap sliceCap;
    private final OffsetTable offsets;
    private final Clock clock;
    private final ShowTable shows = new ShowTable();
    private EventStore store;

    RowWriter(Dialect dialect, NodeSlot slot, SliceCap sliceCap, OffsetTable offsets, Clock clock) {
        this.dialect = dialect;
        this.slot = slot;
        this.sliceCap = sliceCap;
        this.offsets = offsets;
        this.clock = clock;
        this.store = newStore();
    }

    private EventStore newStore() {
        return new EventStore(dialect, new Attribution(dialect, slot.id(), sliceCap));
    }

    @Override
    public WriterLane.Outcome write(Connection c, WriterLane.Part part) throws SQLException {
        CandidateConversions.Selected selected = CandidateConversions.select(part.records(), units -> shows.load(c, units));
        EventStore.Written written = store.write(c, selected.events());
        List<Event> fresh = new ArrayList<>(selected.events().size());
        WriterLane.Outcome outcome = WriterLane.outcome(written, selected.events(), selected.converted(), fresh);
        shows.insert(c, fresh);
        offsets.save(c, part.next(), clock.instant());
        return outcome;
    }

    @Override
    public void reset() {
        // A fresh store: what the old one kept in memory may have been rolled back.
        store = newStore();
    }
}
