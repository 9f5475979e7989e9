package io.recolab.assign;


/**
 * A running holdout as assignment sees it (issue 23.3): the units whose holdout bucket is below
 * {@code share} (of {@value Allocation#BUCKETS}) are kept out of every experiment in its scope,
 * which is one layer's experiments ({@code layer} non-null) or every experiment (null).
 *
 * <p>Holdout bucket: UTF-8 of {@code "holdout:" + key + ":" + unit}, MurmurHash3 x64_128 seed 0,
 * first half unsigned modulo 10,000: the layer's recipe with its own prefix, so a holdout never
 * shares a hash input with a layer or an experiment (a salt has no colon) and a holdout named like
 * either is not correlated with it.
 */
public record HoldoutRule(String key, int share, String layer) {
    public HoldoutRule {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("holdout key is required");
        }
        if (share < 0 || share > Allocation.BUCKETS) {
            throw new IllegalArgumentException("holdout share must be in 0.." + Allocation.BUCKETS + " buckets, got " + share);
        }
    }

    public String salt() {
        return "holdout:" + key;
    }

    /** Whether an experiment in this layer (null: in none) is in the holdout's scope. */
    public boolean covers(String experimentLayer) {
        return layer == null || layer.equals(experimentLayer);
    }

    /** Whether the unit is held out (the slow, allocating form; {@link Plan} has the fast one). */
    public boolean holds(String unit) {
        return bucket(key, unit) < share;
    }

    public static int bucket(String key, String unit) {
        return Bucketing.bucketOf("holdout:" + key + ":" + unit);
    }
}
