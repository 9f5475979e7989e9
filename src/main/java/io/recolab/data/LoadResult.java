package io.recolab.data;

/**
 * What a loader produced: the log, the rows it kept, the malformed rows it skipped, and the
 * well-formed rows the format's own rules drop (Online Retail: no CustomerID, Quantity <= 0,
 * cancellations). Header lines are not rows.
 */
public record LoadResult(Interactions interactions, long kept, long skipped, long dropped) {
    public LoadResult {
        if (interactions == null) {
            throw new IllegalArgumentException("interactions must not be null");
        }
        if (kept < 0 || skipped < 0 || dropped < 0) {
            throw new IllegalArgumentException("row counts must be >= 0: kept " + kept + ", skipped " + skipped
                    + ", dropped " + dropped);
        }
    }

    public LoadResult(Interactions interactions, long kept, long skipped) {
        this(interactions, kept, skipped, 0);
    }
}
