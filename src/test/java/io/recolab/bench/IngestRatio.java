package io.recolab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link IngestBench}'s two workloads alternated in rounds of a few seconds each, in one JVM, so
 * that both see the same machine load: on a shared machine the JMH runs of the two, minutes apart,
 * can differ by a factor of two for reasons of their own. Prints events/s per round and the median
 * ratio. Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.recolab.bench.IngestRatio [rounds] [seconds]}.
 */
public final class IngestRatio {
    private IngestRatio() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        IngestBench bench = new IngestBench();
        IngestBench.Server server = new IngestBench.Server();
        IngestBench.Plain plain = new IngestBench.Plain();
        server.start();
        plain.open();
        try {
            double[] ratios = new double[rounds];
            double[] serverRates = new double[rounds];
            double[] plainRates = new double[rounds];
            for (int r = -1; r < rounds; r++) { // round -1 warms both up
                double p = run(1, seconds, () -> bench.plainJdbc(plain));
                double s = run(8, seconds, () -> bench.server(server));
                if (r >= 0) {
                    plainRates[r] = p;
                    serverRates[r] = s;
                    ratios[r] = s / p;
                    System.out.printf("round %d: server %,.0f events/s, plain JDBC %,.0f events/s, ratio %.2f%n", r + 1, s, p, s / p);
                }
            }
            System.out.printf("median: server %,.0f events/s, plain JDBC %,.0f events/s, ratio %.2f%n",
                    median(serverRates), median(plainRates), median(ratios));
        } finally {
            server.stop();
            plain.close();
        }
    }

    interface Batch {
        Object send() throws Exception;
    }

    /** Events per second of {@code threads} threads sending 100-event batches for the given time. */
    private static double run(int threads, long seconds, Batch batch) throws Exception {
        AtomicLong events = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    batch.send();
                    events.addAndGet(IngestBench.BATCH);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return events.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
