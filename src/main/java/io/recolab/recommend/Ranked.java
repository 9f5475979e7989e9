package io.recolab.recommend;

import io.recolab.data.Dictionary;

import java.util.Arrays;

/**
 * A top-N list, best first. The first {@code personalized} entries come from the model; the rest were
 * filled from the fallback ranking (bestseller) because the model had nothing (more) to say, e.g. for
 * a cold customer. Fallback entries carry score 0.
 */
public record Ranked(int[] items, float[] scores, int personalized) {
    public Ranked {
        if (items.length != scores.length) {
            throw new IllegalArgumentException("items and scores differ in length: " + items.length + " vs " + scores.length);
        }
        if (personalized < 0 || personalized > items.length) {
            throw new IllegalArgumentException("personalized must be 0.." + items.length + ", got " + personalized);
        }
    }

    public int size() {
        return items.length;
    }

    /** True when every entry came from the fallback ranking. */
    public boolean isFallback() {
        return personalized == 0;
    }

    public String[] itemIds(Dictionary itemDictionary) {
        String[] ids = new String[items.length];
        for (int i = 0; i < items.length; i++) {
            ids[i] = itemDictionary.id(items[i]);
        }
        return ids;
    }

    @Override
    public String toString() {
        return "Ranked" + Arrays.toString(items) + Arrays.toString(scores) + " personalized=" + personalized;
    }
}
