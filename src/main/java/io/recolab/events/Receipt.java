package io.recolab.events;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to an ingested batch, given only after its events are committed: how many were
 * stored, how many were already stored (retries: the same id with the same content), how many
 * reused a stored id with other content ({@code conflicts}, not stored: the first
 * {@value #MAX_CONFLICT_IDS} of their ids in {@code conflictIds}, so the sender can find its bug), and
 * of those stored, how many exposures ({@code excluded}) and conversions ({@code excludedConversions})
 * stay out of the analysis, by {@link Exclusion} wire name (empty when all count).
 */
public record Receipt(int accepted, int duplicates, int conflicts, List<String> conflictIds, Map<String, Integer> excluded,
                      Map<String, Integer> excludedConversions) {
    public static final int MAX_CONFLICT_IDS = 10;

    public Receipt {
        if (accepted < 0 || duplicates < 0 || conflicts < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got accepted " + accepted + ", duplicates " + duplicates
                    + ", conflicts " + conflicts);
        }
        conflictIds = List.copyOf(conflictIds.subList(0, Math.min(conflictIds.size(), MAX_CONFLICT_IDS)));
        excluded = java.util.Collections.unmodifiableMap(new TreeMap<>(excluded));
        excludedConversions = java.util.Collections.unmodifiableMap(new TreeMap<>(excludedConversions));
    }

    public Receipt(int accepted, int duplicates) {
        this(accepted, duplicates, 0, List.of(), Map.of(), Map.of());
    }
}
