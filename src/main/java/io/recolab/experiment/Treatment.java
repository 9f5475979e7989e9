package io.recolab.experiment;

import java.util.regex.Pattern;

/** One arm of an experiment: its name, its share of traffic and the recommender behind it. */
public record Treatment(String name, int weight, String recommender) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    static final Pattern RECOMMENDER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Treatment {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidDefinition("treatment name must match " + NAME + ", got " + quote(name));
        }
        if (weight <= 0) {
            throw new InvalidDefinition("treatment " + name + ": weight must be a positive integer, got " + weight);
        }
        if (recommender == null || recommender.isBlank()) {
            throw new InvalidDefinition("treatment " + name + ": recommender must be non-empty");
        }
        if (!RECOMMENDER.matcher(recommender).matches()) {
            throw new InvalidDefinition("treatment " + name + ": recommender must match " + RECOMMENDER
                    + ", got " + quote(recommender));
        }
    }

    static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}
