package io.recolab.layer;

import io.recolab.assign.Allocation;
import io.recolab.assign.LayerSlot;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who holds which buckets of each mutual-exclusion layer (issue 23.2), computed from the
 * experiments: a layer exists while an experiment that is not archived names it. A pure function
 * of the list, so the API and the UI read the same occupancy.
 */
public final class LayerMap {
    /** An experiment's range in a layer, with its status. */
    public record Holder(String experiment, String status, int from, int to) {
    }

    /** A free run of buckets [from, to). */
    public record Range(int from, int to) {
    }

    /**
     * @param holders the ranges held (experiments neither stopped nor archived), by start
     * @param used buckets held; {@code free} the runs nobody holds
     */
    public record Layer(String name, int buckets, List<Holder> holders, int used, List<Range> free) {
    }

    private LayerMap() {
    }

    public static List<Layer> of(List<Experiment> experiments) {
        TreeMap<String, List<Holder>> byName = new TreeMap<>();
        for (Experiment e : experiments) {
            LayerSlot slot = e.definition().layer();
            if (slot == null || e.archived()) {
                continue;
            }
            List<Holder> holders = byName.computeIfAbsent(slot.name(), n -> new ArrayList<>());
            if (io.recolab.experiment.LayerRanges.holds(e)) {
                holders.add(new Holder(e.key(), e.status().wireName(), slot.from(), slot.to()));
            }
        }
        List<Layer> out = new ArrayList<>();
        byName.forEach((name, holders) -> out.add(layer(name, holders)));
        return out;
    }

    public static Optional<Layer> named(List<Experiment> experiments, String name) {
        return of(experiments).stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private static Layer layer(String name, List<Holder> holders) {
        List<Holder> sorted = holders.stream().sorted(Comparator.comparingInt(Holder::from)).toList();
        List<Range> free = new ArrayList<>();
        int at = 0;
        int used = 0;
        for (Holder h : sorted) {
            if (h.from() > at) {
                free.add(new Range(at, h.from()));
            }
            // Ranges are disjoint by the service's check; max() keeps the sums right even if a race let two overlap.
            used += Math.max(0, h.to() - Math.max(at, h.from()));
            at = Math.max(at, h.to());
        }
        if (at < Allocation.BUCKETS) {
            free.add(new Range(at, Allocation.BUCKETS));
        }
        return new Layer(name, Allocation.BUCKETS, sorted, used, List.copyOf(free));
    }
}
