package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.experiment.MetricSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which candidate conversions of a part count: those whose unit was shown the item, at or before the
 * interaction and within the metric's window, by a show stored before the part or by an exposure
 * earlier in it (as it would be after that exposure's commit). Every other event of the part is kept.
 */
final class CandidateConversions {
    /** The shows known of these units before the part (the store's rows, or the partitions' state). */
    interface Shows {
        Map<ShowTable.UnitKey, List<ShowTable.Show>> of(Set<ShowTable.UnitKey> units) throws SQLException;
    }

    /** The part's events to write, and how many of them are candidates that converted. */
    record Selected(List<Event> events, int converted) {
    }

    private CandidateConversions() {
    }

    static Selected select(List<EventRecord> decoded, Shows stored) throws SQLException {
        Set<ShowTable.UnitKey> needShows = new HashSet<>();
        for (EventRecord r : decoded) {
            if (r.ifShown() != null) {
                needShows.add(new ShowTable.UnitKey(r.event().experimentKey(), r.event().unit()));
            }
        }
        Map<ShowTable.UnitKey, List<ShowTable.Show>> known = needShows.isEmpty() ? new HashMap<>()
                : new HashMap<>(stored.of(needShows));
        List<Event> events = new ArrayList<>(decoded.size());
        int converted = 0;
        for (EventRecord r : decoded) {
            Event e = r.event();
            if (r.ifShown() == null) {
                events.add(e);
                if (e.type() == EventType.EXPOSURE && !e.shownItems().isEmpty() && !needShows.isEmpty()) {
                    ShowTable.UnitKey unit = new ShowTable.UnitKey(e.experimentKey(), e.unit());
                    if (needShows.contains(unit)) {
                        // Later records of this part see this show, as they would after its commit.
                        known.compute(unit, (k, list) -> {
                            List<ShowTable.Show> out = list == null ? new ArrayList<>() : new ArrayList<>(list);
                            out.add(new ShowTable.Show(Set.copyOf(e.shownItems()), e.occurredAt()));
                            return out;
                        });
                    }
                }
                continue;
            }
            MetricSpec metric = e.experiment().metrics().get(e.metric());
            Duration window = Duration.ofDays(metric.windowDays());
            ShowTable.UnitKey unit = new ShowTable.UnitKey(e.experimentKey(), e.unit());
            if (known.getOrDefault(unit, List.of()).stream().anyMatch(s -> s.covers(r.ifShown(), e.occurredAt(), window))) {
                events.add(e);
                converted++;
            }
        }
        return new Selected(events, converted);
    }
}
