package io.recolab.experiment;

import io.recolab.assign.Allocation;
import io.recolab.assign.HoldoutRule;
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
    public record Entry(Experiment experiment, Plan plan, Map<String, String> overrides) {
        Entry(Experiment experiment, Map<String, String> overrides, List<HoldoutRule> holdouts) {
            this(experiment, planOf(experiment.definition(), overrides, holdouts), Map.copyOf(overrides));
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

        /**
         * Whether something the unit did at {@code at} may count for this experiment: it has started,
         * and {@code at} lies before its stop (a pause keeps its units' windows open, as for conversion
         * events; from the stop every unit sees the control: events.Exclusion.ofConversion).
         */
        public boolean countsAt(java.time.Instant at) {
            return experiment.startedAt() != null && !Experiment.stoppedBy(experiment.stoppedAt(), at);
        }
    }

    private volatile Map<String, Entry> entries = Map.of();
    // The running holdouts (issue 23.3), compiled into every plan in their scope; kept across
    // experiment refreshes, replaced whole by replaceHoldouts.
    private volatile List<HoldoutRule> holdouts = List.of();
    private volatile java.util.function.Supplier<List<HoldoutRule>> holdoutSource;

    /**
     * Where {@link #reload} reads the running holdouts (the holdout feature registers its store), so a
     * node refreshing its experiments after another node's change sees that node's holdouts too.
     */
    public void holdoutSource(java.util.function.Supplier<List<HoldoutRule>> source) {
        this.holdoutSource = source;
    }

    /** The running holdouts every plan was compiled with. */
    public List<HoldoutRule> holdouts() {
        return holdouts;
    }

    /** Every plan recompiled with these running holdouts. */
    public synchronized void replaceHoldouts(List<HoldoutRule> running) {
        holdouts = List.copyOf(running);
        java.util.HashMap<String, Entry> copy = new java.util.HashMap<>();
        entries.forEach((k, e) -> copy.put(k, new Entry(e.experiment(), e.overrides(), holdouts)));
        entries = frozen(copy);
    }

    /**
     * A read-only view of a HashMap the caller has just built, not {@code Map.copyOf}: every assignment call
     * looks its experiment up here, and the immutable map's probe takes an integer division per lookup (15 %
     * of a plain assignment's JFR samples, issue 23.5) where a HashMap masks. The map is never written after
     * it is published (volatile).
     */
    private static Map<String, Entry> frozen(java.util.HashMap<String, Entry> built) {
        return java.util.Collections.unmodifiableMap(built);
    }

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
        replaceAll(experiments, Map.of());
    }

    /** @param overrides experiment key -> unit -> forced treatment name (issue 23.4) */
    public synchronized void replaceAll(List<Experiment> experiments, Map<String, Map<String, String>> overrides) {
        var source = holdoutSource;
        if (source != null) {
            holdouts = List.copyOf(source.get());
        }
        List<HoldoutRule> running = holdouts;
        entries = frozen(experiments.stream().collect(Collectors.toMap(Experiment::key,
                e -> new Entry(e, overrides.getOrDefault(e.key(), Map.of()), running), (a, b) -> b, java.util.HashMap::new)));
    }

    /**
     * Replaces every entry with what the store holds now, read under the catalog's lock: {@link #put}
     * and {@link #putOverrides} (a node's own changes, after they committed) take the same lock, so a
     * reload that read the store before such a change cannot install its older snapshot after it (a
     * started or back-dated experiment would look stale until the next poll).
     */
    public synchronized void reload(java.util.function.Supplier<List<Experiment>> experiments,
                                    java.util.function.Supplier<Map<String, Map<String, String>>> overrides) {
        replaceAll(experiments.get(), overrides.get());
    }

    /** The plan of a definition: its allocation, its layer range and its targeting's evaluator. */
    public static Plan planOf(ExperimentDefinition d) {
        return planOf(d, Map.of());
    }

    /** @param overrides unit -> forced treatment name; names the definition lacks are ignored (checked when set) */
    public static Plan planOf(ExperimentDefinition d, Map<String, String> overrides) {
        return planOf(d, overrides, List.of());
    }

    /** @param holdouts the running holdouts; those whose scope takes the experiment join its plan */
    public static Plan planOf(ExperimentDefinition d, Map<String, String> overrides, List<HoldoutRule> holdouts) {
        Targeting t = d.targeting();
        Map<String, Integer> forced = new java.util.HashMap<>();
        overrides.forEach((unit, name) -> {
            for (int i = 0; i < d.treatments().size(); i++) {
                if (d.treatments().get(i).name().equals(name)) {
                    forced.put(unit, i);
                }
            }
        });
        String layer = d.layer() == null ? null : d.layer().name();
        return new Plan(d.allocation(), d.layer(), t == null ? null : t::matches, forced,
                holdouts.stream().filter(h -> h.covers(layer)).toList());
    }

    public synchronized void put(Experiment experiment) {
        java.util.HashMap<String, Entry> copy = new java.util.HashMap<>(entries);
        Entry before = entries.get(experiment.key());
        copy.put(experiment.key(), new Entry(experiment, before == null ? Map.of() : before.overrides(), holdouts));
        entries = frozen(copy);
    }

    /** The experiment's forced treatments replaced (it must be in the catalog). */
    public synchronized void putOverrides(String key, Map<String, String> overrides) {
        Entry before = entries.get(key);
        if (before == null) {
            return;
        }
        java.util.HashMap<String, Entry> copy = new java.util.HashMap<>(entries);
        copy.put(key, new Entry(before.experiment(), overrides, holdouts));
        entries = frozen(copy);
    }
}
