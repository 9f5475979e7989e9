package io.recolab.experiment;

import java.util.Locale;

/**
 * How an experiment compares its recommenders. {@code ab} (the default): each unit is assigned one
 * treatment. {@code interleaving}: every unit sees one list that interleaves exactly two recommenders'
 * lists (team-draft, {@code io.recolab.interleave}), and its purchases credit the side that showed the item.
 */
public enum Design {
    AB, INTERLEAVING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
