package io.recolab.assign;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our MurmurHash3 x64_128 must be byte-identical to an independent implementation (Guava 33). */
class Murmur3Test {
    @Test
    void matchesGuavaOnEveryTailLengthAndRandomInputs() {
        Random random = new Random(7);
        for (int length = 0; length < 200; length++) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                assertSameAsGuava(data);
            }
        }
    }

    /** The assignment's path: input inside a larger buffer, other bytes before it and junk after it (masked). */
    @Test
    void paddedPathIgnoresTheBytesAroundTheInput() {
        Random random = new Random(11);
        for (int length = 0; length < 100; length++) {
            for (int trial = 0; trial < 20; trial++) {
                int offset = random.nextInt(40);
                byte[] buffer = new byte[offset + length + 16 + random.nextInt(8)];
                random.nextBytes(buffer);
                byte[] input = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
                ByteBuffer expected = ByteBuffer.wrap(Hashing.murmur3_128(0).hashBytes(input).asBytes()).order(ByteOrder.LITTLE_ENDIAN);
                long[] second = new long[1];
                assertThat(Murmur3.hashPadded(buffer, offset, length, second)).as("h1 of %d at %d", length, offset)
                        .isEqualTo(expected.getLong(0));
                assertThat(second[0]).isEqualTo(expected.getLong(8));
                // And the public form on a slice with no room after it (it pads a copy).
                assertThat(Murmur3.hash128(buffer, offset, length, second)).isEqualTo(expected.getLong(0));
                byte[] tight = java.util.Arrays.copyOf(buffer, offset + length);
                assertThat(Murmur3.hash128(tight, offset, length, second)).isEqualTo(expected.getLong(0));
                assertThat(second[0]).isEqualTo(expected.getLong(8));
            }
        }
    }

    @Test
    void knownVectors() {
        // Empty input with seed 0 hashes to zero in the reference implementation.
        long[] second = new long[1];
        assertThat(Murmur3.hash128(new byte[0], 0, second)).isZero();
        assertThat(second[0]).isZero();
        assertSameAsGuava("homepage-recs:c42".getBytes(StandardCharsets.UTF_8));
        assertSameAsGuava("exp:顧客-42".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSameAsGuava(byte[] data) {
        HashCode expected = Hashing.murmur3_128(0).hashBytes(data);
        ByteBuffer bytes = ByteBuffer.wrap(expected.asBytes()).order(ByteOrder.LITTLE_ENDIAN);
        long[] second = new long[1];
        long first = Murmur3.hash128(data, data.length, second);
        assertThat(first).as("h1 of %d bytes", data.length).isEqualTo(bytes.getLong(0));
        assertThat(second[0]).as("h2 of %d bytes", data.length).isEqualTo(bytes.getLong(8));
    }
}
