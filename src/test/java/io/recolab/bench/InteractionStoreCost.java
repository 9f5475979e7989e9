package io.recolab.bench;

import io.recolab.serving.Interaction;
import io.recolab.serving.InteractionRows;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.testing.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What storing reported interactions costs on PostgreSQL before and after issue 19, in alternating
 * phases of one run on one fresh schema (so both see the same machine load and table size):
 * "lookup+insert" is the path PostgreSQL took before (the ids looked up with an IN list, then one
 * insert batch: two round trips; H2's path still), "unnest" the one {@code INSERT ... SELECT FROM
 * unnest(?) ON CONFLICT (client_id) DO NOTHING RETURNING}. {@code threads} callers each store calls
 * of {@code perCall} interactions with new client ids, one transaction per call, as
 * {@code POST /api/v1/interactions} does; every {@code retryEvery}-th call repeats the previous
 * call's ids (a client's retry: all duplicates). Only the store step: the conversions that follow
 * are the same on both paths.
 * <p>Run: {@code bash src/test/resources/bench/run.sh io.recolab.bench.InteractionStoreCost
 * [seconds=10] [rounds=3] [threads=8] [perCall=10] [retryEvery=10]}.
 */
public final class InteractionStoreCost {
    private InteractionStoreCost() {
    }

    @FunctionalInterface
    interface StorePath {
        int store(java.sql.Connection c, List<Interaction> interactions, Instant receivedAt) throws java.sql.SQLException;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int perCall = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int retryEvery = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        String url = Stores.freshPostgresSchema();
        List<String> rows = new ArrayList<>();
        AtomicLong ids = new AtomicLong();
        try (Database db = Database.open(url, threads)) {
            for (int round = 0; round <= rounds; round++) { // round 0 warms up
                for (String name : List.of("lookup+insert", "unnest")) {
                    StorePath path = name.equals("unnest") ? InteractionRows::insertReturning : InteractionRows::lookUpThenInsert;
                    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                    String row = phase(db, path, seconds, threads, perCall, retryEvery, ids, round, name, load);
                    System.out.println(row);
                    if (round > 0) {
                        rows.add(row);
                    }
                }
            }
        } finally {
            Stores.dropPostgresSchema(url);
        }
        System.out.println();
        System.out.println("| round | path | load (1 min) | interactions/s stored | calls/s | p50 ms | p99 ms | table rows after |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String phase(Database db, StorePath path, int seconds, int threads, int perCall, int retryEvery,
                                AtomicLong ids, int round, String name, String load) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong stored = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        List<Future<long[]>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                List<Interaction> previous = List.of();
                while (System.nanoTime() < end) {
                    List<Interaction> call;
                    if (!previous.isEmpty() && ThreadLocalRandom.current().nextInt(retryEvery) == 0) {
                        call = previous;
                    } else {
                        call = new ArrayList<>(perCall);
                        Instant at = Instant.now();
                        for (int i = 0; i < perCall; i++) {
                            call.add(new Interaction("c" + ThreadLocalRandom.current().nextInt(100_000),
                                    "i" + ThreadLocalRandom.current().nextInt(5_000), at, "buy-" + ids.incrementAndGet()));
                        }
                    }
                    List<Interaction> it = call;
                    long t0 = System.nanoTime();
                    stored.addAndGet(Jdbc.inTransaction(db, c -> path.store(c, it, Instant.now())));
                    long took = System.nanoTime() - t0;
                    calls.incrementAndGet();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = took;
                    previous = call;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : done) {
            all.add(f.get());
        }
        double took = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] lat = all.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(lat);
        long tableRows = Jdbc.read(db, c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM interactions")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return String.format("| %d | %s | %s | %,.0f | %,.0f | %.1f | %.1f | %,d |", round, name, load, stored.get() / took,
                calls.get() / took, pct(lat, 0.5) / 1e6, pct(lat, 0.99) / 1e6, tableRows);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }
}
