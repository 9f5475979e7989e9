package io.recolab.assign;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An experiment's allocation compiled for fast assignment: the salt, the share of units exposed
 * and each treatment's range of buckets.
 *
 * <p>Two independent bucket draws come from one 128-bit hash of {@code salt + ":" + unit}: the
 * first half picks the treatment over all {@value #BUCKETS} buckets, the second half decides
 * exposure. Keeping them independent is what lets {@code exposurePercent} grow without moving
 * anybody: a unit's treatment never depends on the exposure, and raising the exposure threshold
 * only admits more units.
 *
 * <p>{@code exposedBuckets}: units whose exposure bucket is below it are in the experiment;
 * {@code treatmentEnds}: exclusive end of each treatment's bucket range, ascending, last = 10,000.
 */
public final class Allocation {
    public static final int BUCKETS = 10_000;
    /** Bumped only if the hashing scheme ever changes; golden cases pin version 1. */
    public static final int VERSION = 1;

    private final String salt;
    private final int exposedBuckets;
    private final int[] treatmentEnds;
    private final byte[] saltPrefix;

    public Allocation(String salt, int exposedBuckets, int[] treatmentEnds) {
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("salt must be non-empty");
        }
        if (exposedBuckets < 0 || exposedBuckets > BUCKETS) {
            throw new IllegalArgumentException("exposedBuckets must be in 0.." + BUCKETS + ", got " + exposedBuckets);
        }
        if (treatmentEnds.length == 0 || treatmentEnds[treatmentEnds.length - 1] != BUCKETS) {
            throw new IllegalArgumentException("treatment ranges must end at " + BUCKETS);
        }
        for (int i = 1; i < treatmentEnds.length; i++) {
            if (treatmentEnds[i] < treatmentEnds[i - 1]) {
                throw new IllegalArgumentException("treatment ranges must ascend");
            }
        }
        this.salt = salt;
        this.exposedBuckets = exposedBuckets;
        this.treatmentEnds = treatmentEnds.clone();
        this.saltPrefix = (salt + ":").getBytes(StandardCharsets.UTF_8);
    }

    public String salt() {
        return salt;
    }

    public int exposedBuckets() {
        return exposedBuckets;
    }

    /**
     * Splits the buckets among treatments in proportion to their weights. Range i ends at
     * floor(BUCKETS * (w_0 + ... + w_i) / W), so rounding never loses or doubles a bucket.
     */
    public static Allocation of(String salt, double exposurePercent, List<Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("at least one treatment weight is needed");
        }
        long total = 0;
        for (int w : weights) {
            if (w <= 0) {
                throw new IllegalArgumentException("weights must be positive, got " + weights);
            }
            total += w;
        }
        int[] ends = new int[weights.size()];
        long cumulative = 0;
        for (int i = 0; i < ends.length; i++) {
            cumulative += weights.get(i);
            ends[i] = (int) (BUCKETS * cumulative / total);
        }
        return new Allocation(salt, exposedBuckets(exposurePercent), ends);
    }

    /** exposurePercent has a resolution of 0.01 (one bucket); 12.5 -> 1,250 buckets. */
    public static int exposedBuckets(double exposurePercent) {
        return (int) Math.round(exposurePercent * (BUCKETS / 100.0));
    }

    byte[] saltPrefix() {
        return saltPrefix;
    }

    public int[] treatmentEnds() {
        return treatmentEnds.clone();
    }

    int treatmentEnd(int i) {
        return treatmentEnds[i];
    }

    int treatmentCount() {
        return treatmentEnds.length;
    }
}
