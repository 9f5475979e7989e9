package io.recolab.events;

import io.recolab.experiment.MetricSpec;
import java.util.Map;

/**
 * The parts of an experiment's definition the writer needs, taken when the batch was validated,
 * so the writer never consults a catalog that may have changed since.
 */
public record ExperimentSnapshot(String key, Map<String, MetricSpec> metrics) {
    public ExperimentSnapshot {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key is required");
        }
        metrics = Map.copyOf(metrics);
    }
}
