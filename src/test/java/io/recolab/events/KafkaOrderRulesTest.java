package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.MetricSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules that make a Kafka processor's write of a whole poll (events of minutes or hours, several nodes,
 * written after the fact) count what the direct path counts when each event arrives (red-team, 2026-12-07).
 */
class KafkaOrderRulesTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final MetricSpec PURCHASE = new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14);
    private static final MetricSpec SIGNUP = new MetricSpec("signup", MetricSpec.Type.BINOMIAL, 14);

    private static Event conversion(String id, ExperimentSnapshot experiment, String metric, Instant occurred, Instant received) {
        return new Event(id, EventType.CONVERSION, experiment, "u1", occurred, received, metric, 1, "C", true, null);
    }

    /**
     * A metric added to a running experiment: a poll holds events sent before and after the change, partition
     * after partition, so its last event may carry the older definition. Conversions of the new metric then
     * found no metric and were dropped (C 5 of 16 instead of 15 of 16).
     */
    @Test
    void aGroupKnowsEveryMetricItsEventsWereSentUnder() {
        ExperimentSnapshot before = new ExperimentSnapshot("ev", Map.of("purchase", PURCHASE));
        ExperimentSnapshot after = new ExperimentSnapshot("ev", Map.of("purchase", PURCHASE, "signup", SIGNUP));
        List<Event> poll = List.of(conversion("a", after, "signup", T, T), conversion("b", before, "purchase", T, T));
        assertThat(Attribution.union(poll).metrics()).containsOnlyKeys("purchase", "signup");
        List<Event> same = List.of(conversion("a", before, "purchase", T, T), conversion("b", before, "purchase", T, T));
        assertThat(Attribution.union(same)).isSameAs(before);
    }

    /**
     * An event that arrived while the experiment ran is counted by that arrival, even dated (within the tolerated
     * skew) after a stop that came next, and even when a processor writes it after the stop; one that arrived at
     * or after the stop and is dated at or after it is excluded as stopped.
     */
    @Test
    void theStopExcludesWhatArrivedAfterItOnly() {
        ExperimentSnapshot ev = new ExperimentSnapshot("ev", Map.of("purchase", PURCHASE));
        Instant stop = T.plusSeconds(600);
        Event early = conversion("early", ev, "purchase", T.plusSeconds(1800), T); // sent at T, dated 30 min later
        Event late = conversion("late", ev, "purchase", stop.plusSeconds(5), stop.plusSeconds(5));
        Event lateButBefore = conversion("before", ev, "purchase", T.plusSeconds(60), stop.plusSeconds(5));
        List<Event> out = StoredStops.excludeStopped(List.of(early, late, lateButBefore), Map.of("ev", stop));
        assertThat(out.get(0).exclusion()).isNull();
        assertThat(out.get(1).exclusion()).isEqualTo(Exclusion.STOPPED);
        assertThat(out.get(2).exclusion()).isNull(); // reported late, happened before the stop: counts
    }
}
