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

    static int bucketOf(long hashHalf) {
        return (int) Long.remainderUnsigned(hashHalf, Allocation.BUCKETS);
    }

    /**
     * Hashes {@code prefix + unit} without allocating on the hot path: the unit is encoded into a
     * per-thread buffer (ASCII directly, anything else through the JDK's UTF-8 encoder).
     * Returns the first half; the second half is left in {@link Scratch#second}.
     */
    static long hash(byte[] prefix, String unit, Scratch scratch) {
        int length = prefix.length + unit.length();
        byte[] buf = scratch.buffer(length);
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        int at = prefix.length;
        boolean ascii = true;
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            buf[at++] = (byte) c;
        }
        if (!ascii) {
            byte[] encoded = unit.getBytes(StandardCharsets.UTF_8);
            length = prefix.length + encoded.length;
            buf = scratch.buffer(length);
            System.arraycopy(prefix, 0, buf, 0, prefix.length);
            System.arraycopy(encoded, 0, buf, prefix.length, encoded.length);
        }
        return Murmur3.hash128(buf, length, scratch.second);
    }

    static Scratch scratch() {
        return SCRATCH.get();
    }

    static final class Scratch {
        final long[] second = new long[1];
        private byte[] buffer = new byte[256];

        byte[] buffer(int length) {
            if (buffer.length < length) {
                byte[] bigger = new byte[Math.max(length, buffer.length * 2)];
                System.arraycopy(buffer, 0, bigger, 0, buffer.length);
                buffer = bigger;
            }
            return buffer;
        }
    }
}
