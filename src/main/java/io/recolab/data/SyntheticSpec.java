package io.recolab.data;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters of {@code synthetic:customers=...,items=...,days=...,seed=...}; omitted keys keep the defaults. */
public record SyntheticSpec(int customers, int items, int days, long seed) {
    public static final SyntheticSpec DEFAULT = new SyntheticSpec(5_000, 2_000, 365, 1);

    public SyntheticSpec {
        if (customers < 1 || customers > 50_000_000) {
            throw new DataException("synthetic customers must be 1..50000000, got " + customers);
        }
        if (items < 2 || items > 10_000_000) {
            throw new DataException("synthetic items must be 2..10000000, got " + items);
        }
        if (days < 1 || days > 3650) {
            throw new DataException("synthetic days must be 1..3650, got " + days);
        }
    }

    /** Parses {@code key=value,...} (may be empty). Unknown keys and bad numbers are errors, never ignored. */
    public static SyntheticSpec parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new DataException("synthetic parameters are key=value pairs separated by commas, got '" + part + "'");
            }
            values.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        SyntheticSpec spec = DEFAULT;
        for (Map.Entry<String, String> e : values.entrySet()) {
            long v = number(e.getKey(), e.getValue());
            spec = switch (e.getKey()) {
                case "customers" -> new SyntheticSpec(toInt(e.getKey(), v), spec.items, spec.days, spec.seed);
                case "items" -> new SyntheticSpec(spec.customers, toInt(e.getKey(), v), spec.days, spec.seed);
                case "days" -> new SyntheticSpec(spec.customers, spec.items, toInt(e.getKey(), v), spec.seed);
                case "seed" -> new SyntheticSpec(spec.customers, spec.items, spec.days, v);
                default -> throw new DataException("unknown synthetic parameter '" + e.getKey()
                        + "' (known: customers, items, days, seed)");
            };
        }
        return spec;
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new DataException("synthetic " + key + " must be a whole number, got '" + value + "'");
        }
    }

    private static int toInt(String key, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new DataException("synthetic " + key + " out of range: " + v);
        }
        return (int) v;
    }
}
