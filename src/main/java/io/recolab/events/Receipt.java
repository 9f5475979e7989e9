package io.recolab.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to an ingested batch, given only after its events are committed: how many were
 * stored, how many were already stored (retries), and of those stored, how many exposures
 * ({@code excluded}) and conversions ({@code excludedConversions}) stay out of the analysis, by
 * {@link Exclusion} wire name (empty when all count).
 */
public record Receipt(int accepted, int duplicates, Map<String, Integer> excluded, Map<String, Integer> excludedConversions) {
    public Receipt {
        if (accepted < 0 || duplicates < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got accepted " + accepted + ", duplicates " + duplicates);
        }
        excluded = java.util.Collections.unmodifiableMap(new TreeMap<>(excluded));
        excludedConversions = java.util.Collections.unmodifiableMap(new TreeMap<>(excludedConversions));
    }

    public Receipt(int accepted, int duplicates) {
        this(accepted, duplicates, Map.of(), Map.of());
    }
}
