package io.recolab.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's running values of its metrics, kept in its own {@code experiment_units} row
 * ({@code metric_values}) rather than a row per metric: one row write per unit and group instead
 * of two, and one lookup for the unit's whole state. Text {@code name=total/conversions;...}:
 * metric names are {@code [a-z0-9_-]}, so the separators never occur in them, and
 * {@link Double#toString} reads back to the same double, so the values stay exact.
 */
public final class UnitValues {
    private UnitValues() {
    }

    /** @return null for no values (a unit without counted conversions) */
    public static String encode(Map<String, Rollup.UnitValue> values) {
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(values.size() * 24);
        for (Map.Entry<String, Rollup.UnitValue> e : values.entrySet()) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(e.getKey()).append('=').append(e.getValue().total()).append('/').append(e.getValue().conversions());
        }
        return out.toString();
    }

    public static Map<String, Rollup.UnitValue> decode(String text) {
        Map<String, Rollup.UnitValue> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String entry : text.split(";")) {
            int eq = entry.indexOf('=');
            int slash = entry.lastIndexOf('/');
            if (eq <= 0 || slash < eq) {
                throw new IllegalStateException("malformed metric_values entry: " + entry);
            }
            values.put(entry.substring(0, eq), new Rollup.UnitValue(Double.parseDouble(entry.substring(eq + 1, slash)),
                    Long.parseLong(entry.substring(slash + 1))));
        }
        return values;
    }
}
