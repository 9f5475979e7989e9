package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.RollupOnlyStore;
import io.recolab.events.EventPrint;
import io.recolab.events.UnitTable;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attribution's units and the store's ids for one lane's write, found in the keyed state of
 * each unit's partition. Confined to the lane's thread; {@link #route} is called before each write
 * with the partition of every unit its records name.
 */
final class KeyedUnits implements UnitTable, RollupOnlyStore.SeenIds {
    private Map<ShowTable.UnitKey, PartitionState> route = Map.of();

    void route(Map<ShowTable.UnitKey, PartitionState> units) {
        this.route = units;
    }

    private PartitionState of(String experiment, String unit) {
        PartitionState state = route.get(new ShowTable.UnitKey(experiment, unit));
        if (state == null) {
            throw new IllegalStateException("unit " + unit + " of " + experiment + " is in no partition of this write");
        }
        return state;
    }

    @Override
    public boolean shared() {
        return false; // one owner per partition, hence per unit
    }

    @Override
    public Map<String, Unit> load(Connection c, String experiment, List<String> units) {
        Map<String, Unit> out = new HashMap<>();
        for (String unit : units) {
            Unit u = of(experiment, unit).units.get(new ShowTable.UnitKey(experiment, unit));
            if (u != null) {
                out.put(unit, u);
            }
        }
        return out;
    }

    @Override
    public Map<String, Unit> peek(Connection c, String experiment, List<String> units) {
        return load(c, experiment, units);
    }

    @Override
    public List<Conversion> conversions(Connection c, String experiment, String unit) {
        return new ArrayList<>(of(experiment, unit).apart.getOrDefault(new ShowTable.UnitKey(experiment, unit), List.of()));
    }

    @Override
    public void insertConversions(Connection c, List<Event> conversions) {
        for (Event e : conversions) {
            if (e.type() == EventType.CONVERSION) {
                of(e.experimentKey(), e.unit()).addApart(new ShowTable.UnitKey(e.experimentKey(), e.unit()),
                        new Conversion(e.metric(), e.value(), e.occurredAt()));
            }
        }
    }

    @Override
    public Set<String> insertUnits(Connection c, String experiment, List<Unit> units) {
        updateUnits(c, experiment, units);
        return Set.of();
    }

    @Override
    public void updateUnits(Connection c, String experiment, List<Unit> units) {
        for (Unit u : units) {
            of(experiment, u.unit()).putUnit(new ShowTable.UnitKey(experiment, u.unit()), u);
        }
    }

    @Override
    public EventPrint seen(Event e) {
        PartitionState.Seen seen = of(e.experimentKey(), e.unit()).ids.get(PartitionState.idKey(e.experimentKey(), e.id()));
        return seen == null ? null : seen.content();
    }

    @Override
    public void written(Event e) {
        of(e.experimentKey(), e.unit()).written(e.experimentKey(), e.id(),
                new PartitionState.Seen(EventPrint.of(e), e.receivedAt().toEpochMilli()));
    }
}
