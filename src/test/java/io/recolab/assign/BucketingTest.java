package io.recolab.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast paths of {@link Bucketing} give exactly what their plain definitions give. */
class BucketingTest {
    @Test
    void bucketOfIsTheUnsignedRemainder() {
        long[] edges = {0, 1, -1, 9_999, 10_000, 10_001, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                -10_000, -10_001, 0xFFFF_FFFF_FFFF_D8F0L, 0x8000_0000_0000_2710L};
        for (long h : edges) {
            assertThat(Bucketing.bucketOf(h)).as("%x", h).isEqualTo((int) Long.remainderUnsigned(h, Allocation.BUCKETS));
        }
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 2_000_000; i++) {
            long h = random.nextLong();
            assertThat(Bucketing.bucketOf(h)).isEqualTo((int) Long.remainderUnsigned(h, Allocation.BUCKETS));
        }
    }

    @Test
    void oneEncodingServesEveryPrefix() {
        Bucketing.Scratch scratch = new Bucketing.Scratch();
        String longSalt = "x".repeat(300) + ":";
        String[] prefixes = {"homepage-recs:", "layer:home-row:", "holdout:q4-2026:", longSalt, ""};
        String[] units = {"c42", "customer-123456789", "é-ü-✓-😀", "u".repeat(700), "a"};
        for (String unit : units) {
            scratch.encode(unit);
            for (String prefix : prefixes) {
                byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
                byte[] joined = (prefix + unit).getBytes(StandardCharsets.UTF_8);
                long[] second = new long[1];
                long first = Murmur3.hash128(joined, joined.length, second);
                assertThat(scratch.hash(p)).as(prefix + unit).isEqualTo(first);
                assertThat(scratch.second[0]).as(prefix + unit).isEqualTo(second[0]);
                assertThat(Bucketing.hash(p, unit, scratch)).isEqualTo(first);
            }
        }
    }

    @Test
    void hashOverAnOffsetIsTheHashOfTheSlice() {
        byte[] data = "0123456789abcdefghijklmnopqrstuvwxyz-recolab".getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 20; offset++) {
            for (int length = 0; offset + length <= data.length; length++) {
                byte[] slice = java.util.Arrays.copyOfRange(data, offset, offset + length);
                long[] a = new long[1];
                long[] b = new long[1];
                assertThat(Murmur3.hash128(data, offset, length, a)).isEqualTo(Murmur3.hash128(slice, length, b));
                assertThat(a[0]).isEqualTo(b[0]);
            }
        }
    }
}
