package io.recolab.bench;

import io.recolab.assign.Murmur3;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A what-if for issue 23 item 5 (not the product's code): {@link Murmur3#hash128} assembles each
 * 64-bit block from eight byte loads, which C2 on JDK 17 does not merge; the same hash reading
 * each block with one little-endian {@link VarHandle} load gives the same result (checked here).
 * A layer adds one hash per assignment, so a cheaper hash is what narrows the layered/plain gap.
 * Alternates the two in one JVM on the benches' inputs ({@code layer:home-row:customer-N}, 33 bytes
 * and so on) and prints the ratio per round and the median. Run:
 * {@code bash src/test/resources/bench/run.sh io.recolab.bench.MurmurReadCost [seconds per phase] [rounds]}.
 */
public final class MurmurReadCost {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int IDS = 1 << 12;

    private MurmurReadCost() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        byte[][] inputs = new byte[IDS][];
        long[] a = new long[1];
        long[] b = new long[1];
        for (int i = 0; i < IDS; i++) {
            inputs[i] = ("layer:home-row:customer-" + (i * 7919L)).getBytes(StandardCharsets.UTF_8);
            if (Murmur3.hash128(inputs[i], inputs[i].length, a) != hash128(inputs[i], inputs[i].length, b) || a[0] != b[0]) {
                throw new IllegalStateException("the VarHandle variant differs on input " + i);
            }
        }
        long nanos = (long) (seconds * 1e9);
        long sink = 0;
        for (int w = 0; w < 3; w++) {
            sink += rate(inputs, nanos, false)[1] + rate(inputs, nanos, true)[1];
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean first = r % 2 == 0;
            double[] x = rate(inputs, nanos, first);
            double[] y = rate(inputs, nanos, !first);
            double bytes = first ? x[0] : y[0];
            double varHandle = first ? y[0] : x[0];
            sink += (long) (x[1] + y[1]);
            ratios[r] = varHandle / bytes;
            System.out.printf("round %d: byte loads %,.1f M hashes/s, VarHandle %,.1f M hashes/s, ratio %.2f%n",
                    r + 1, bytes / 1e6, varHandle / 1e6, ratios[r]);
        }
        Arrays.sort(ratios);
        System.out.printf("median VarHandle / byte loads: %.2fx (range %.2f-%.2f) (sink %d)%n",
                ratios[rounds / 2], ratios[0], ratios[rounds - 1], sink & 1);
    }

    /** {hashes per second, a checksum}. */
    private static double[] rate(byte[][] inputs, long nanos, boolean varHandle) {
        long[] second = new long[1];
        long acc = 0;
        long calls = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < IDS; i++) {
                byte[] in = inputs[i];
                acc += varHandle ? hash128(in, in.length, second) : Murmur3.hash128(in, in.length, second);
            }
            calls += IDS;
            now = System.nanoTime();
        } while (now - start < nanos);
        return new double[] {calls / ((now - start) / 1e9), acc};
    }

    /** Murmur3.hash128 with one load per 64-bit block (the tail as there). */
    static long hash128(byte[] data, int length, long[] secondHalf) {
        long h1 = 0;
        long h2 = 0;
        int blocks = length >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = i << 4;
            long k1 = (long) LONGS.get(data, at);
            long k2 = (long) LONGS.get(data, at + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks << 4;
        long k1 = 0;
        long k2 = 0;
        switch (length & 15) {
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
