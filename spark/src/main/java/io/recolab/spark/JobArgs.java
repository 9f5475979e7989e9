package io.recolab.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} arguments of a job, checked against the names it knows: a typo fails the
 * submission with the job's usage instead of running with a default.
 */
final class JobArgs {
    private final Map<String, String> values;

    private JobArgs(Map<String, String> values) {
        this.values = values;
    }

    static JobArgs parse(String[] args, Set<String> known, String usage) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + name + "'\nusage: " + usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\nusage: " + usage);
            }
            values.put(name.substring(2), args[++i]);
        }
        return new JobArgs(values);
    }

    String required(String name, String usage) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required\nusage: " + usage);
        }
        return v;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }
}
