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
