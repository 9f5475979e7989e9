package io.recolab.events;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The slice values of an exposure (issue 22.8): for each slice dimension of the definition, the
 * exposure's attribute as text, or {@link #NONE} when it does not name it. The number of distinct
 * values kept per dimension is bounded by {@link SliceCap}; past it a value goes to {@link #OTHER}.
 */
public final class Slices {
    /** The value of a dimension the exposure did not name. */
    public static final String NONE = "(none)";
    /** The bucket of values past the cap of distinct values per dimension. */
    public static final String OTHER = "(other)";
    /** Distinct values kept per dimension and experiment (plus {@link #OTHER}): bounds the rollup rows. */
    public static final int MAX_VALUES = 50;

    private Slices() {
    }

    public static Map<String, String> values(Map<String, Object> attributes, List<String> dimensions) {
        Map<String, String> out = new TreeMap<>();
        for (String d : dimensions) {
            Object v = attributes.get(d);
            out.put(d, v == null ? NONE : text(v));
        }
        return out;
    }

    /** 30.0 reads "30", as an owner would write it; other numbers and booleans as Java prints them. */
    static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }
}
