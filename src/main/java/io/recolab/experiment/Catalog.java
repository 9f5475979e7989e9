package io.recolab.experiment;

import io.recolab.assign.Allocation;
import io.recolab.assign.Plan;
import io.recolab.targeting.Targeting;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The in-memory view of every experiment that assignment reads. Replaced whole (one volatile
 * write) whenever the store changes, so readers never lock and never see half an update, and
 * assignment keeps working from it while the database is away.
 */
public final class Catalog {
    /** An experiment with its assignment plan (allocation, layer, targeting) compiled once, not per request. */
    public record Entry(Experiment experiment, Plan plan) {
        Entry(Experiment experiment) {
            this(experiment, planOf(experiment.definition()));
        }

        public Allocation allocation() {
            return plan.allocation();
        }

        public ExperimentDefinition definition() {
            return experiment.definition();
        }

        public boolean isRunning() {
            return experiment.status() == Status.RUNNING;
        }
    }

    private volatile Map<String, Entry> entries = Map.of();

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * The whole catalog as it is now, unchanging: what a caller that decides several things at once
     * (every event of a batch) must read, so that a refresh landing in the middle cannot decide some
     * of them against the old state and the rest against the new one.
     */
    public Map<String, Entry> view() {
        return entries;
    }

    public Collection<Entry> all() {
        return entries.values();
    }

    public void replaceAll(List<Experiment> experiments) {
        entries = experiments.stream().collect(Collectors.toUnmodifiableMap(Experiment::key,
                Entry::new, (a, b) -> b));
    }

    /** The plan of a definition: its allocation, its layer range and its targeting's evaluator. */
    public static Plan planOf(ExperimentDefinition d) {
        Targeting t = d.targeting();
        return new Plan(d.allocation(), d.layer(), t == null ? null : t::matches);
    }

    public void put(Experiment experiment) {
        Map<String, Entry> copy = new java.util.HashMap<>(entries);
        copy.put(experiment.key(), new Entry(experiment));
        entries = Map.copyOf(copy);
    }

}
