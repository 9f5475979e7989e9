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

    /**
     * Bytes {@link #hashPadded} may read past the input: the tail is read as two whole words and masked.
     * Buffers meant for it (the assignment's scratch) keep this much room after what they hash.
     */
    static final int TAIL_ROOM = 16;

    private Murmur3() {
    }

    /** Returns the first 64-bit half (h1) and writes the second into {@code out[0]} if given. */
    public static long hash128(byte[] data, int length, long[] secondHalf) {
        return hash128(data, 0, length, secondHalf);
    }

    /** The same over {@code data[offset, offset + length)}. */
    public static long hash128(byte[] data, int offset, int length, long[] secondHalf) {
        if (data.length - offset - length < TAIL_ROOM) {
            return hashPadded(java.util.Arrays.copyOfRange(data, offset, offset + length + TAIL_ROOM), 0, length, secondHalf);
        }
        return hashPadded(data, offset, length, secondHalf);
    }

    /**
     * {@link #hash128(byte[], int, int, long[])} where the array has {@link #TAIL_ROOM} bytes after the input (the
     * assignment's scratch buffer keeps them): the tail is then read as two masked words, without the
     * reference's 16-way switch, and the method stays under the 325 bytes of bytecode the JIT inlines
     * (with the switch it was 709 bytes, a call on every assignment).
     */
    static long hashPadded(byte[] data, int offset, int length, long[] secondHalf) {
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
        int rest = length & 15;
        // Two whole words past the tail, masked to its length.
        long w1 = littleEndianLong(data, tail);
        long w2 = littleEndianLong(data, tail + 8);
        long k1 = rest >= 8 ? w1 : w1 & ((1L << (rest << 3)) - 1);
        long k2 = rest > 8 ? w2 & ((1L << ((rest - 8) << 3)) - 1) : 0;
        // The reference mixes k2 only for a tail over 8 bytes and k1 only for a non-empty one; a zero
        // word mixes to zero, so mixing both always is the same, without a branch per length.
        h2 ^= mixK2(k2);
        h1 ^= mixK1(k1);
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
