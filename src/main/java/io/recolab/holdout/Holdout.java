package io.recolab.holdout;

import io.recolab.assign.HoldoutRule;
import io.recolab.experiment.MetricSpec;
import java.time.Instant;
import java.util.List;

/**
 * A holdout (issue 23.3): {@code percent} of units (two decimals; 1/10,000ths in {@code shareBuckets})
 * kept out of every experiment of {@code layer} (null: of every experiment) while it runs.
 * {@code createdBy} and {@code endedBy} are the actors who started and stopped it (audit).
 */
public record Holdout(String key, String description, int shareBuckets, String layer, List<MetricSpec> metrics,
                      Status status, Instant createdAt, Instant endedAt, String createdBy, String endedBy) {
    public enum Status {
        RUNNING, STOPPED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Holdout {
        metrics = List.copyOf(metrics);
    }

    public double percent() {
        return shareBuckets / 100.0;
    }

    public HoldoutRule rule() {
        return new HoldoutRule(key, shareBuckets, layer);
    }
}
