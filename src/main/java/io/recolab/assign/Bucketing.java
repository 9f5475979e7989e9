package io.recolab.assign;

import java.nio.charset.StandardCharsets;

/**
 * The pure hashing step of assignment: (salt, unit) -> two buckets in [0, 10,000).
 * Input bytes are UTF-8 of {@code salt + ":" + unit}; the treatment bucket is the first 64-bit
 * half of MurmurHash3 x64_128 (seed 0) taken unsigned modulo 10,000, the exposure bucket the
 * second half likewise. The modulo bias is below 10,000 / 2^64: nil.
 */
public final class Bucketing {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Bucketing() {
    }

    public record Buckets(int treatment, int exposure) {
    }

    public static Buckets buckets(String salt, String unit) {
        byte[] bytes = (salt + ":" + unit).getBytes(StandardCharsets.UTF_8);
        long[] second = new long[1];
        long first = Murmur3.hash128(bytes, bytes.length, second);
        return new Buckets(bucketOf(first), bucketOf(second[0]));
    }

    /**
     * The bucket of the first hash half of {@code text}'s UTF-8: the slow, allocating form of a layer's or
     * holdout's bucket ({@link Plan} has the fast one), written once for both.
     */
    static int bucketOf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bucketOf(Murmur3.hash128(bytes, bytes.length, null));
    }

    /**
     * The hash half taken unsigned modulo {@value Allocation#BUCKETS}. Not {@code Long.remainderUnsigned}:
     * on JDK 17 that goes through two BigIntegers for every negative dividend, half of all hashes, and
     * was the largest single cost of an assignment. Halving first makes the dividend non-negative;
     * the remainder left is below twice the divisor, so one subtraction finishes it (Hacker's Delight
     * 9-3, as Guava's UnsignedLongs.remainder). Same values for every input (BucketingTest).
     */
    static int bucketOf(long hashHalf) {
        long quotient = ((hashHalf >>> 1) / Allocation.BUCKETS) << 1;
        long remainder = hashHalf - quotient * Allocation.BUCKETS;
        return (int) (remainder >= Allocation.BUCKETS ? remainder - Allocation.BUCKETS : remainder);
    }

    /** Hashes {@code prefix + unit}; the second half is left in {@link Scratch#second}. */
    static long hash(byte[] prefix, String unit, Scratch scratch) {
        scratch.encode(unit);
        return scratch.hash(prefix);
    }

    static Scratch scratch() {
        return SCRATCH.get();
    }

    /**
     * A per-thread buffer holding the unit's UTF-8 once per call, at a fixed offset, with room in front
     * for a prefix: an assignment hashes the same unit under several prefixes (holdouts, the layer, the
     * experiment), and each hash then costs one prefix copy instead of a copy plus a re-encoding of the
     * unit. The bytes hashed are exactly {@code prefix + unit}, so the buckets are unchanged.
     */
    static final class Scratch {
        /** Room for prefixes: salts are short (an experiment key, a layer or holdout name, plus a tag). */
        private static final int PREFIX_ROOM = 160;
        final long[] second = new long[1];
        private byte[] buffer = new byte[PREFIX_ROOM + 256];
        private int unitLength;

        /** Encodes the unit after the prefix room (ASCII directly, anything else through the JDK's encoder). */
        void encode(String unit) {
            int n = unit.length();
            byte[] buf = room(n);
            int at = PREFIX_ROOM;
            for (int i = 0; i < n; i++) {
                char c = unit.charAt(i);
                if (c >= 0x80) {
                    byte[] encoded = unit.getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(encoded, 0, room(encoded.length), PREFIX_ROOM, encoded.length);
                    unitLength = encoded.length;
                    return;
                }
                buf[at++] = (byte) c;
            }
            unitLength = n;
        }

        /** Hashes {@code prefix} + the unit last encoded; the second half is left in {@link #second}. */
        long hash(byte[] prefix) {
            int p = prefix.length;
            if (p > PREFIX_ROOM) { // not a salt this platform makes; correct, just not the fast path
                byte[] joined = new byte[p + unitLength + Murmur3.TAIL_ROOM];
                System.arraycopy(prefix, 0, joined, 0, p);
                System.arraycopy(buffer, PREFIX_ROOM, joined, p, unitLength);
                return Murmur3.hashPadded(joined, 0, p + unitLength, second);
            }
            System.arraycopy(prefix, 0, buffer, PREFIX_ROOM - p, p);
            return Murmur3.hashPadded(buffer, PREFIX_ROOM - p, p + unitLength, second);
        }

        /** Keeps {@link Murmur3#TAIL_ROOM} bytes after the unit: Murmur3 then reads the tail as two masked words. */
        private byte[] room(int unitBytes) {
            if (buffer.length < PREFIX_ROOM + unitBytes + Murmur3.TAIL_ROOM) {
                buffer = new byte[PREFIX_ROOM + Math.max(unitBytes + Murmur3.TAIL_ROOM, buffer.length * 2)];
            }
            return buffer;
        }
    }
}
