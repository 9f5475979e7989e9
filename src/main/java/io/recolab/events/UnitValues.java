package io.recolab.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** {@code metric=value@instant;...}: a unit's inline conversions; null for none. */
    static String encodeConversions(List<UnitTable.Conversion> conversions) {
        if (conversions.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(conversions.size() * 48);
        for (UnitTable.Conversion cv : conversions) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(cv.metric()).append('=').append(cv.value()).append('@').append(cv.at());
        }
        return out.toString();
    }

    static List<UnitTable.Conversion> decodeConversions(String text) {
        List<UnitTable.Conversion> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String entry : text.split(";")) {
            int eq = entry.indexOf('=');
            int at = entry.indexOf('@', eq);
            if (eq <= 0 || at < eq) {
                throw new IllegalStateException("malformed inline_conversions entry: " + entry);
            }
            out.add(new UnitTable.Conversion(entry.substring(0, eq), Double.parseDouble(entry.substring(eq + 1, at)),
                    Instant.parse(entry.substring(at + 1))));
        }
        return out;
    }
}
