package io.recolab.assign;

/**
 * Assignment, the heart of the platform: a pure function of the allocation and the unit id.
 * It never touches the database, so every node (and the client library) computes the same
 * answer from the same definition.
 */
public final class Assigner {
    /** The control is always treatment 0. */
    public static final int CONTROL = 0;

    private Assigner() {
    }

    /**
     * @return the assignment packed into a long (no allocation on the hot path); read it with
     *     {@link #treatmentOf(long)}, {@link #inExperiment(long)} and the bucket accessors.
     *     A unit outside the exposed share gets the control and inExperiment = false.
     */
    public static long assign(Allocation allocation, String unit) {
        return assign(allocation, unit, Bucketing.scratch());
    }

    static long assign(Allocation allocation, String unit, Bucketing.Scratch scratch) {
        scratch.encode(unit);
        return assignEncoded(allocation, scratch);
    }

    /** For the unit the scratch holds already ({@link Plan} encodes it once for all its hashes). */
    static long assignEncoded(Allocation allocation, Bucketing.Scratch scratch) {
        long first = scratch.hash(allocation.saltPrefix());
        int exposureBucket = Bucketing.bucketOf(scratch.second[0]);
        int treatmentBucket = Bucketing.bucketOf(first);
        int treatment = treatmentFor(allocation, treatmentBucket);
        boolean in = exposureBucket < allocation.exposedBuckets();
        return pack(in ? treatment : CONTROL, in, treatmentBucket, exposureBucket);
    }

    static int treatmentFor(Allocation allocation, int bucket) {
        int n = allocation.treatmentCount();
        for (int i = 0; i < n; i++) {
            if (bucket < allocation.treatmentEnd(i)) {
                return i;
            }
        }
        throw new IllegalStateException("bucket " + bucket + " beyond the last treatment range");
    }

    // The result is packed into a long so the hot path allocates nothing:
    // bits 0-15 treatment, bit 16 inExperiment, bits 17-30 treatment bucket, 31-44 exposure bucket.
    private static long pack(int treatment, boolean in, int treatmentBucket, int exposureBucket) {
        return (treatment & 0xffffL) | (in ? 1L << 16 : 0) | ((long) treatmentBucket << 17)
                | ((long) exposureBucket << 31);
    }

    public static int treatmentOf(long packed) {
        return (int) (packed & 0xffff);
    }

    public static boolean inExperiment(long packed) {
        return (packed & (1L << 16)) != 0;
    }

    public static int treatmentBucketOf(long packed) {
        return (int) ((packed >>> 17) & 0x3fff);
    }

    public static int exposureBucketOf(long packed) {
        return (int) ((packed >>> 31) & 0x3fff);
    }
}
