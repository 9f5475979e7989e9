package io.recolab.assign;

import java.util.regex.Pattern;

/**
 * An experiment's place in a mutual-exclusion layer (issue 23.2): the layer's name and the range
 * {@code [from, to)} of its {@value Allocation#BUCKETS} layer buckets the experiment holds.
 *
 * <p>The layer bucket is hashed from the layer's own salt, never the experiment's, so every
 * experiment of a layer sees the same bucket for a unit and disjoint ranges mean a unit is in at
 * most one of them: UTF-8 of {@code "layer:" + name + ":" + unit}, MurmurHash3 x64_128 seed 0,
 * first half unsigned modulo 10,000. The {@code "layer:"} prefix cannot be an experiment salt (a
 * salt has no colon), so a layer named like an experiment never correlates with its treatments.
 */
public record LayerSlot(String name, int from, int to) {
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public LayerSlot {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("layer.name must match " + NAME + ", got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        if (from < 0 || to > Allocation.BUCKETS || from >= to) {
            throw new IllegalArgumentException("layer.buckets must be [from, to) with 0 <= from < to <= "
                    + Allocation.BUCKETS + ", got [" + from + ", " + to + ")");
        }
    }

    /** The salt of the layer's hash: {@code "layer:" + name}. */
    public String salt() {
        return saltOf(name);
    }

    public static String saltOf(String layerName) {
        return "layer:" + layerName;
    }

    public int size() {
        return to - from;
    }

    public boolean holds(int bucket) {
        return bucket >= from && bucket < to;
    }

    public boolean overlaps(LayerSlot other) {
        return name.equals(other.name) && from < other.to && other.from < to;
    }

    /** Whether {@code wider} keeps every bucket of this range (a running experiment may only grow). */
    public boolean within(LayerSlot wider) {
        return name.equals(wider.name) && wider.from <= from && wider.to >= to;
    }

    /** The unit's bucket in the named layer (the slow, allocating form; {@link Plan} has the fast one). */
    public static int bucket(String layerName, String unit) {
        return Bucketing.bucketOf(saltOf(layerName) + ":" + unit);
    }

    @Override
    public String toString() {
        return name + "[" + from + ", " + to + ")";
    }
}
