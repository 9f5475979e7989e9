package io.recolab.simulate;

import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.stats.SufficientStats;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts a replay's events the way the results page does: a unit enters its treatment with its first exposure
 * inside the experiment; a binomial metric's unit value is 1 if it converted at all, a mean metric's the sum of
 * its conversion values. The replay only emits conversions inside each metric's window, so none is dropped here.
 */
public final class Tally implements ReplaySink {
    private final ExperimentDefinition definition;
    private final Map<String, Integer> treatmentOf = new HashMap<>();
    private final Map<String, Map<String, Double>> values = new HashMap<>(); // metric -> unit -> value
    private final Set<String> ids = new HashSet<>();

    public Tally(ExperimentDefinition definition) {
        this.definition = definition;
        for (MetricSpec m : definition.metrics()) {
            values.put(m.name(), new HashMap<>());
        }
    }

    @Override
    public void accept(List<ReplayEvent> events) {
        for (ReplayEvent e : events) {
            if (!ids.add(e.id())) {
                continue; // the same id twice is a retry: counted once, as the store does
            }
            if (e.type() == ReplayEvent.Type.EXPOSURE) {
                if (e.inExperiment()) {
                    treatmentOf.putIfAbsent(e.unit(), e.treatment());
                }
            } else if (treatmentOf.containsKey(e.unit())) {
                values.get(e.metric()).merge(e.unit(), e.value(), Double::sum);
            }
        }
    }

    /** Sufficient statistics of {@code metric} per treatment, in definition order (control first). */
    public SufficientStats[] stats(MetricSpec metric) {
        int arms = definition.treatments().size();
        long[] n = new long[arms];
        double[] sum = new double[arms];
        double[] squares = new double[arms];
        for (int t : treatmentOf.values()) {
            n[t]++;
        }
        for (Map.Entry<String, Double> e : values.get(metric.name()).entrySet()) {
            int t = treatmentOf.get(e.getKey());
            double v = metric.type() == MetricSpec.Type.BINOMIAL ? (e.getValue() > 0 ? 1 : 0) : e.getValue();
            sum[t] += v;
            squares[t] += v * v;
        }
        SufficientStats[] out = new SufficientStats[arms];
        for (int t = 0; t < arms; t++) {
            out[t] = new SufficientStats(n[t], sum[t], squares[t]);
        }
        return out;
    }
}
