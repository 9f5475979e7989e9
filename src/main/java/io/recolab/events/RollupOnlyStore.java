package io.recolab.events;

import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a group of events as {@link EventStore} does, inside the caller's transaction, but keeps no
 * raw row: the ids already written come from the caller's memory ({@link SeenIds}) and the units
 * from the {@link UnitTable} the {@link Attribution} was given, so what reaches the database is the
 * rollups and the excluded counts. A Kafka processor's keyed state is that memory (issue 20: no
 * database row per event or per unit on the processor's path).
 */
public final class RollupOnlyStore {
    /** The events written before, by (experiment, id): a Kafka processor's ids within its dedup horizon. */
    public interface SeenIds {
        /** @return the print of what was written under this event's id, or null */
        EventPrint seen(Event event);

        /** Called for each newly written event, in order, within the caller's transaction. */
        void written(Event event);
    }

    private final Dialect dialect;
    private final Attribution attribution;

    public RollupOnlyStore(Dialect dialect, Attribution attribution) {
        this.dialect = dialect;
        this.attribution = attribution;
    }

    /** The same answer as {@link EventStore#write}: duplicates, conflicts and the events as written. */
    public EventStore.Written write(Connection c, List<Event> events, SeenIds ids) throws SQLException {
        List<Event> checked = dialect == Dialect.POSTGRESQL ? StoredStops.apply(c, events) : events;
        boolean[] duplicate = new boolean[checked.size()];
        boolean[] conflict = new boolean[checked.size()];
        Map<String, Event> here = new HashMap<>(Attribution.capacity(checked.size()));
        List<Event> fresh = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            Event e = checked.get(i);
            Event earlier = here.get(EventStore.key(e));
            EventPrint before = earlier != null ? EventPrint.of(earlier) : ids.seen(e);
            if (before != null) {
                duplicate[i] = true;
                conflict[i] = !before.sameAs(e);
                continue;
            }
            here.put(EventStore.key(e), e);
            ids.written(e);
            fresh.add(e);
        }
        attribution.apply(c, EventStore.analysed(fresh));
        ExcludedCounts.add(c, fresh, attribution.node(), dialect == Dialect.POSTGRESQL);
        return new EventStore.Written(duplicate, conflict, checked);
    }
}
