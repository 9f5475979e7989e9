package io.recolab.kafka;

import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.events.RollupOnlyStore;
import io.recolab.events.SliceCap;
import io.recolab.store.Dialect;
import io.recolab.store.NodeSlot;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --keep rollups}: a lane finds duplicates, units and shows in its partitions' keyed state
 * and writes to the database only what results read, the rollups and excluded counts, with each
 * partition's changelog row and next offset ({@link OffsetTable#advance}, which fences out a second
 * owner). No row per event or per unit.
 */
final class StateWriter implements WriterLane.PartWriter {
    private final Dialect dialect;
    private final NodeSlot slot;
    private final SliceCap sliceCap;
    private final KeyedStates states;
    private final OffsetTable offsets;
    private final Clock clock;
    private final KeyedUnits keyed = new KeyedUnits();
    /** Experiments this lane has marked in rollup_only_experiments (forgotten with a failed transaction). */
    private final Set<String> marked = new java.util.HashSet<>();
    private RollupOnlyStore store;

    StateWriter(Dialect dialect, NodeSlot slot, SliceCap sliceCap, KeyedStates states, OffsetTable offsets, Clock clock) {
        this.dialect = dialect;
        this.slot = slot;
        this.sliceCap = sliceCap;
        this.states = states;
        this.offsets = offsets;
        this.clock = clock;
        this.store = newStore();
    }

    private RollupOnlyStore newStore() {
        return new RollupOnlyStore(dialect, new Attribution(dialect, slot.id(), sliceCap, keyed));
    }

    @Override
    public WriterLane.Outcome write(Connection c, WriterLane.Part part) throws SQLException {
        List<EventRecord> records = part.records();
        Map<ShowTable.UnitKey, PartitionState> route = new HashMap<>(records.size() * 4 / 3 + 1);
        for (int i = 0; i < records.size(); i++) {
            Event e = records.get(i).event();
            route.put(new ShowTable.UnitKey(e.experimentKey(), e.unit()), states.get(part.partitions().get(i)));
        }
        keyed.route(route);
        Set<String> unmarked = new java.util.TreeSet<>();
        route.keySet().forEach(k -> {
            if (!marked.contains(k.experiment())) {
                unmarked.add(k.experiment());
            }
        });
        if (!unmarked.isEmpty()) {
            io.recolab.events.RollupOnlyExperiments.mark(c, unmarked, clock.instant(), dialect);
            marked.addAll(unmarked);
        }
        CandidateConversions.Selected selected = CandidateConversions.select(records, units -> shows(route, units));
        EventStore.Written written = store.write(c, selected.events(), keyed);
        List<Event> fresh = new ArrayList<>(selected.events().size());
        WriterLane.Outcome outcome = WriterLane.outcome(written, selected.events(), selected.converted(), fresh);
        for (Event e : fresh) {
            if (e.type() == EventType.EXPOSURE && !e.shownItems().isEmpty()) {
                ShowTable.UnitKey key = new ShowTable.UnitKey(e.experimentKey(), e.unit());
                route.get(key).addShow(key, new ShowTable.Show(Set.copyOf(e.shownItems()), e.occurredAt()));
            }
        }
        for (Map.Entry<Integer, Long> next : new TreeMap<>(part.next()).entrySet()) { // one lock order everywhere
            PartitionState state = states.get(next.getKey());
            states.table().append(c, state, next.getValue());
            offsets.advance(c, next.getKey(), state.next, next.getValue(), clock.instant());
            state.next = next.getValue(); // if the transaction fails, the processor loads the state again
        }
        return outcome;
    }

    private static Map<ShowTable.UnitKey, List<ShowTable.Show>> shows(Map<ShowTable.UnitKey, PartitionState> route,
                                                                   Set<ShowTable.UnitKey> units) {
        Map<ShowTable.UnitKey, List<ShowTable.Show>> out = new HashMap<>();
        for (ShowTable.UnitKey unit : units) {
            List<ShowTable.Show> list = route.get(unit).shows.get(unit);
            if (list != null) {
                out.put(unit, List.copyOf(list));
            }
        }
        return out;
    }

    @Override
    public void reset() {
        marked.clear();
        store = newStore();
    }
}
