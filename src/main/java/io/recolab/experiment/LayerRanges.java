package io.recolab.experiment;

import io.recolab.assign.LayerSlot;
import io.recolab.domain.DomainError;
import java.util.function.Supplier;

/**
 * The ranges experiments hold in mutual-exclusion layers (issue 23.2): which experiments hold one,
 * taking one (the free-range check and the write in one step) and the rule that a run range only grows.
 */
public final class LayerRanges {
    private final ExperimentRepository repository;
    /** Held by a write that takes a range, from its check to its write. */
    private final Object writes = new Object();

    LayerRanges(ExperimentRepository repository) {
        this.repository = repository;
    }

    /**
     * Runs {@code write}, which gives experiment {@code key} the range {@code slot}, once the range is
     * free and with no other range-taking write of this node in between, so two concurrent requests for
     * overlapping ranges cannot both pass the check (20 parallel creates once took one range twice).
     * A write that takes no range ({@code slot} null) neither checks nor waits.
     */
    <T> T take(String key, LayerSlot slot, Supplier<T> write) {
        if (slot == null) {
            return write.get();
        }
        synchronized (writes) {
            checkFree(key, slot);
            return write.get();
        }
    }

    /**
     * Experiments of a layer hold disjoint ranges, so a unit is in at most one of them. Every
     * experiment that is not stopped and not archived holds its range (a draft too: it will start
     * with it). Checked against the store; two nodes accepting overlapping ranges at the same
     * instant is not prevented (the definitions are changed by people, rarely).
     */
    private void checkFree(String key, LayerSlot slot) {
        for (Experiment other : repository.findAll()) {
            LayerSlot held = other.definition().layer();
            if (other.key().equals(key) || held == null || !holds(other) || !held.overlaps(slot)) {
                continue;
            }
            throw DomainError.conflict("layer.buckets [" + slot.from() + ", " + slot.to() + ") overlap [" + held.from()
                    + ", " + held.to() + ") of layer '" + slot.name() + "', held by experiment '" + other.key() + "' ("
                    + other.status().wireName() + ")");
        }
    }

    /** Whether an experiment holds its layer range: until it is stopped or archived. */
    public static boolean holds(Experiment e) {
        return !e.archived() && e.status() != Status.STOPPED;
    }

    /**
     * A running or paused experiment keeps its layer and every bucket of its range: its units were
     * admitted by their layer bucket, so a smaller range would drop some and another layer would
     * reshuffle them all. Growing admits new units and moves none.
     */
    static void checkKept(Experiment current, LayerSlot proposed) {
        LayerSlot before = current.definition().layer();
        if (java.util.Objects.equals(before, proposed)) {
            return;
        }
        String is = "experiment '" + current.key() + "' is " + current.status().wireName();
        if (before == null || proposed == null || !before.name().equals(proposed.name())) {
            throw DomainError.conflict(is + ": its layer cannot change (was " + (before == null ? "none" : "'" + before.name() + "'")
                    + ", asked " + (proposed == null ? "none" : "'" + proposed.name() + "'") + ")");
        }
        if (!before.within(proposed)) {
            throw DomainError.conflict(is + ": layer.buckets can only grow, from [" + before.from() + ", " + before.to()
                    + ") (asked [" + proposed.from() + ", " + proposed.to() + "))");
        }
    }
}
