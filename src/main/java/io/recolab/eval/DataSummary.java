package io.recolab.eval;

import io.recolab.data.Interactions;
import io.recolab.data.LoadResult;

/** What the report says about the data: where it came from, the loader's row counts, and its size and span. */
public record DataSummary(String source, long kept, long skipped, long dropped, int interactions, int customers,
                          int items, long firstTime, long lastTime) {
    public static DataSummary of(String source, LoadResult load) {
        Interactions log = load.interactions();
        return new DataSummary(source, load.kept(), load.skipped(), load.dropped(), log.size(), log.customerCount(),
                log.itemCount(), log.size() == 0 ? 0 : log.firstTime(), log.size() == 0 ? 0 : log.lastTime());
    }
}
