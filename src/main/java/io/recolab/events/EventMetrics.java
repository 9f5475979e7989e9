package io.recolab.events;

/**
 * What the event pipeline tells the operations metrics: a seam so that {@code events/} knows
 * nothing of the metrics library. Implementations must be cheap and never throw.
 */
public interface EventMetrics {
    /** The writer committed one transaction of {@code events} events in {@code nanos}. */
    void committed(int events, long nanos);

    /** A batch was acknowledged: new events and retried (duplicate) ones. */
    void received(int accepted, int duplicates);

    /** A batch was refused: {@code invalid} (400/404/413/422) or {@code unavailable} (503, retry). */
    void rejected(int events, String reason);

    EventMetrics NONE = new EventMetrics() {
        @Override
        public void committed(int events, long nanos) {
        }

        @Override
        public void received(int accepted, int duplicates) {
        }

        @Override
        public void rejected(int events, String reason) {
        }
    };
}
