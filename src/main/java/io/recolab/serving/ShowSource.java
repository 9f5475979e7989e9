package io.recolab.serving;

import io.recolab.store.Database;
import io.recolab.store.Dialect;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a node finds the shows it did not make itself. Several nodes on one PostgreSQL each hold
 * only their own shows in {@link ShownItems}, so an interaction reported to another node than the
 * one that showed the item must find the show in the store. One H2 process owns its store, so
 * every show it has is already in its memory: there nothing is looked up.
 */
public interface ShowSource {
    /** The shows of these units in {@code [from, to]}, by unit; units without any are absent. */
    Map<String, List<ShownItems.Show>> shows(String experiment, Collection<String> units, Instant from, Instant to);

    ShowSource NONE = (experiment, units, from, to) -> Map.of();

    /** Chosen once at start, by the store's dialect. */
    static ShowSource of(Database database) {
        return database.dialect() == Dialect.POSTGRESQL ? new StoredShows(database) : NONE;
    }
}
