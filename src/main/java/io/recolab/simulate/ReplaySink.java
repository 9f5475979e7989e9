package io.recolab.simulate;

import java.util.List;

/** Where a replay's events go: an in-memory {@link Tally}, or the platform's event store. */
public interface ReplaySink {
    /** A batch of events, in time order within each unit. */
    void accept(List<ReplayEvent> events);

    /** Called once after the last batch: flush and wait until everything is stored. */
    default void finish() {
    }
}
