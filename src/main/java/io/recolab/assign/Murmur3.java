package io.recolab.assign;

/**
 * MurmurHash3 x64_128 (Austin Appleby, public domain reference {@code MurmurHash3_x64_128}),
 * over bytes, seed 0. Chosen because it is fast, well mixed and has byte-identical
 * implementations in every language (Guava's {@code murmur3_128}, Python's {@code mmh3.hash128}),
 * so a client in any language can reproduce an assignment.
 */
public final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);

    private Murmur3() {
    }

    /** Returns the first 64-bit half (h1) and writes the second into {@code out[0]} if given. */
    public static long hash128(byte[] data, int length, long[] secondHalf) {
        return hash128(data, 0, length, secondHalf);
    }

    /** The same over {@code data[offset, offset + length)}. */
    public static long hash128(byte[] data, int offset, int length, long[] secondHalf) {
        long h1 = 0;
        long h2 = 0;
        int blocks = length >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = offset + (i << 4);
            long k1 = littleEndianLong(data, at);
            long k2 = littleEndianLong(data, at + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = offset + (blocks << 4);
        long k1 = 0;
        long k2 = 0;
        int rest = length & 15;
        if (data.length - tail >= 16) {
            // Room to read two whole words past the tail (the assignment's scratch buffer keeps it): mask
            // instead of a jump per length. A zero word mixes to zero, so masking equals skipping it.
            long w1 = littleEndianLong(data, tail);
            long w2 = littleEndianLong(data, tail + 8);
            k1 = rest >= 8 ? w1 : w1 & ((1L << (rest << 3)) - 1);
            k2 = rest > 8 ? w2 & ((1L << ((rest - 8) << 3)) - 1) : 0;
            h2 ^= mixK2(k2);
            h1 ^= mixK1(k1);
        } else {
            switch (rest) {
                case 15: k2 ^= (long) (data[tail + 14] & 0xff) << 48; // fall through
                case 14: k2 ^= (long) (data[tail + 13] & 0xff) << 40; // fall through
                case 13: k2 ^= (long) (data[tail + 12] & 0xff) << 32; // fall through
                case 12: k2 ^= (long) (data[tail + 11] & 0xff) << 24; // fall through
                case 11: k2 ^= (long) (data[tail + 10] & 0xff) << 16; // fall through
                case 10: k2 ^= (long) (data[tail + 9] & 0xff) << 8; // fall through
                case 9:
                    k2 ^= data[tail + 8] & 0xff;
                    h2 ^= mixK2(k2);
                    // fall through
                case 8: k1 ^= (long) (data[tail + 7] & 0xff) << 56; // fall through
                case 7: k1 ^= (long) (data[tail + 6] & 0xff) << 48; // fall through
                case 6: k1 ^= (long) (data[tail + 5] & 0xff) << 40; // fall through
                case 5: k1 ^= (long) (data[tail + 4] & 0xff) << 32; // fall through
                case 4: k1 ^= (long) (data[tail + 3] & 0xff) << 24; // fall through
                case 3: k1 ^= (long) (data[tail + 2] & 0xff) << 16; // fall through
                case 2: k1 ^= (long) (data[tail + 1] & 0xff) << 8; // fall through
                case 1:
                    k1 ^= data[tail] & 0xff;
                    h1 ^= mixK1(k1);
                    break;
                default:
                    break;
            }
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        if (secondHalf != null) {
            secondHalf[0] = h2;
        }
        return h1;
    }

    private static long littleEndianLong(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
