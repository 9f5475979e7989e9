package io.recolab.bench;

import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recolab.app.Recolab;
import io.recolab.kafka.KafkaBroker;
import io.recolab.kafka.KafkaTarget;
import io.recolab.kafka.Processor;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.testing.Stores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Issue 20's figures in one run on this machine, so that every ratio compares workloads under the
 * same load: events/s acknowledged by 1, 2 and 3 serving nodes into Kafka (batches of 100 from 8
 * client threads) against the direct H2 path of one node; the processor's events/s into PostgreSQL
 * with 1 and 2 instances against the direct PostgreSQL path of one node; and the end-to-end lag
 * (producer send, just before Kafka's acknowledgement, to the commit that makes the event visible
 * in results) at a paced load with a processor running. Needs PostgreSQL (127.0.0.1:5432).
 * Run: {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -Xmx2g -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.recolab.bench.KafkaBench [seconds per phase]}.
 */
public final class KafkaBench {
    static final String KEY = "bench-admin-key-0123456789abcdef";
    static final int BATCH = 100;
    static final int THREADS = 8;
    static final String DEFINITION = """
            {"key":"kb","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicLong BATCHES = new AtomicLong();

    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 15;
        Path tmp = Files.createTempDirectory("kafka-bench");
        KafkaBroker broker = KafkaBroker.shared();
        KafkaTarget target = broker.createTopic("bench-" + RUN, 8);
        System.out.printf("load average before: %.1f%n", load());
        if (args.length > 1 && args[1].equals("processor")) {
            processorOnly(target, seconds, Integer.parseInt(args[2]),
                    args.length > 3 ? List.of(Processor.Keep.of(args[3])) : List.of(Processor.Keep.values()));
            broker.close();
            System.exit(0);
        }

        // Direct paths of one node: H2 (the embedded default) and PostgreSQL.
        double h2 = direct(tmp.resolve("h2"), null, seconds);
        System.out.printf("direct H2, 1 node: %,.0f events/s (load %.1f)%n", h2, load());
        String pgDirect = Stores.freshPostgresSchema();
        double pg = direct(tmp.resolve("pg"), pgDirect, seconds);
        System.out.printf("direct PostgreSQL, 1 node: %,.0f events/s (load %.1f)%n", pg, load());
        Stores.dropPostgresSchema(pgDirect);
        String baselineJar = System.getProperty("bench.baselineJar");
        double pgBaseline = Double.NaN;
        if (baselineJar != null) {
            String pgOld = Stores.freshPostgresSchema();
            pgBaseline = directOfJar(Path.of(baselineJar), tmp.resolve("baseline"), pgOld, seconds);
            System.out.printf("direct PostgreSQL, 1 node, %s: %,.0f events/s (load %.1f)%n", baselineJar, pgBaseline, load());
            Stores.dropPostgresSchema(pgOld);
        }

        // Intake into Kafka by 1, 2, 3 nodes sharing one PostgreSQL for definitions and keys.
        String pgNodes = Stores.freshPostgresSchema();
        double[] intake = new double[3];
        List<Recolab> nodes = new ArrayList<>();
        try {
            for (int n = 1; n <= 3; n++) {
                nodes.add(Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp.resolve("node" + n), pgNodes, null, KEY, 200,
                        null, Duration.ofDays(1), false, 1000, target, null)));
                if (n == 1) {
                    call(nodes.get(0), "POST", "/api/v1/experiments", DEFINITION, 201);
                    call(nodes.get(0), "POST", "/api/v1/experiments/kb/start", null, 200);
                }
                Thread.sleep(1_000); // the new node sees the running experiment
                rate(nodes, 3); // warm-up (the producer's code paths, the broker's new segments)
                intake[n - 1] = rate(nodes, seconds);
                System.out.printf("Kafka intake, %d node(s): %,.0f events/s acknowledged (load %.1f)%n", n, intake[n - 1], load());
            }
        } finally {
            nodes.forEach(Recolab::close);
        }
        long inTopic = endOffsets(target);

        // The processor drains what the intake wrote, into fresh PostgreSQL schemas; each mode once unmeasured
        // first, as the direct paths have their warm-up (the JIT compiles the lanes' code meanwhile).
        drain(target, 1, Processor.Config.DEFAULT_WRITERS, Processor.Keep.EVENTS, inTopic, seconds);
        System.out.printf("(processor warm-up, --keep events, load %.1f)%n", load());
        double[] processed = new double[2];
        for (int instances = 1; instances <= 2; instances++) {
            processed[instances - 1] = drain(target, instances, inTopic, 2 * seconds);
            System.out.printf("processor into PostgreSQL, %d instance(s), --keep events: %,.0f events/s (of %,d in the topic;"
                    + " load %.1f)%n", instances, processed[instances - 1], inTopic, load());
        }
        drain(target, 1, Processor.Config.DEFAULT_WRITERS, Processor.Keep.ROLLUPS, inTopic, seconds);
        System.out.printf("(processor warm-up, --keep rollups, load %.1f)%n", load());
        double[] rollups = new double[2];
        for (int instances = 1; instances <= 2; instances++) {
            rollups[instances - 1] = drain(target, instances, Processor.Config.DEFAULT_WRITERS, Processor.Keep.ROLLUPS, inTopic,
                    2 * seconds);
            System.out.printf("processor into PostgreSQL, %d instance(s), --keep rollups: %,.0f events/s (of %,d in the topic;"
                    + " load %.1f)%n", instances, rollups[instances - 1], inTopic, load());
        }

        // End-to-end lag at a paced load, one node and one processor running together.
        double[] lag = lag(tmp.resolve("lag"), pgNodes, broker, seconds, Processor.Keep.EVENTS);
        System.out.printf("end-to-end lag at %,.0f events/s offered, --keep events: p50 %.0f ms, p99 %.0f ms (load %.1f)%n",
                lag[2], lag[0], lag[1], load());
        double[] lagRollups = lag(tmp.resolve("lag-rollups"), pgNodes, broker, seconds, Processor.Keep.ROLLUPS);
        System.out.printf("end-to-end lag at %,.0f events/s offered, --keep rollups: p50 %.0f ms, p99 %.0f ms (load %.1f)%n",
                lagRollups[2], lagRollups[0], lagRollups[1], load());
        Stores.dropPostgresSchema(pgNodes);

        System.out.printf("%nsummary: intake/direct H2 = %.2f (1 node), %.2f (2 nodes), %.2f (3 nodes); "
                        + "processor/direct PostgreSQL = %.1f (1 instance), %.1f (2 instances) keeping events, %.1f (1 instance),"
                        + " %.1f (2 instances) keeping rollups; lag p99 %.0f ms (the larger of the two modes)%n",
                intake[0] / h2, intake[1] / h2, intake[2] / h2, processed[0] / pg, processed[1] / pg, rollups[0] / pg,
                rollups[1] / pg, Math.max(lag[1], lagRollups[1]));
        if (baselineJar != null) {
            System.out.printf("against the baseline build's direct PostgreSQL path: processor = %.1f (1 instance), %.1f (2 instances)"
                    + " keeping events, %.1f (1 instance), %.1f (2 instances) keeping rollups%n", processed[0] / pgBaseline,
                    processed[1] / pgBaseline, rollups[0] / pgBaseline, rollups[1] / pgBaseline);
        }
        broker.close();
        System.exit(0);
    }

    /**
     * Only the processor phases, for profiling: one Kafka intake node fills the topic for {@code seconds},
     * then 1 and 2 processor instances drain it (no ratio: the direct paths are not run), in each
     * {@code --keep} mode or the one given after the record count.
     */
    private static void processorOnly(KafkaTarget target, long seconds, int records, List<Processor.Keep> modes)
            throws Exception {
        io.recolab.events.ExperimentSnapshot kb = new io.recolab.events.ExperimentSnapshot("kb", java.util.Map.of("purchase",
                new io.recolab.experiment.MetricSpec("purchase", io.recolab.experiment.MetricSpec.Type.BINOMIAL, 14)));
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        Instant at = Instant.now().minusSeconds(60);
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                p, new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < records / 2; i++) {
                String unit = RUN + "-" + i;
                for (io.recolab.events.Event e : List.of(
                        new io.recolab.events.Event("x-" + unit, io.recolab.events.EventType.EXPOSURE, kb, unit, at, at, null, 1,
                                i % 2 == 0 ? "C" : "T1", true, List.of()),
                        new io.recolab.events.Event("c-" + unit, io.recolab.events.EventType.CONVERSION, kb, unit, at.plusSeconds(30),
                                at.plusSeconds(30), "purchase", 1, i % 2 == 0 ? "C" : "T1", true, List.of()))) {
                    io.recolab.kafka.EventRecord r = new io.recolab.kafka.EventRecord(e, null);
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(target.topic(), r.key(), r.encode()));
                }
            }
        }
        long inTopic = endOffsets(target);
        System.out.printf("topic filled directly: %,d records (load %.1f)%n", inTopic, load());
        for (int round = 0; round < 2; round++) {
            for (Processor.Keep keep : modes) {
                for (int instances = 1; instances <= 2; instances++) {
                    System.out.printf("processor into PostgreSQL, %d instance(s), 2 writers each, --keep %s: %,.0f events/s"
                                    + " (of %,d in the topic; load %.1f)%n", instances, keep.name().toLowerCase(java.util.Locale.ROOT),
                            drain(target, instances, Processor.Config.DEFAULT_WRITERS, keep, inTopic, 2 * seconds), inTopic, load());
                }
            }
        }
    }

    private static double direct(Path dir, String jdbcUrl, long seconds) throws Exception {
        Recolab node = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, jdbcUrl, null, KEY, 200));
        try {
            return startAndRate(node.port(), seconds);
        } finally {
            node.close();
        }
    }

    /**
     * The direct path of one node of another build, as a child process ({@code java -jar JAR serve}):
     * issue 20 sets the processor's target against the direct PostgreSQL path of the day it was filed,
     * which this measures in the same run when {@code -Dbench.baselineJar} names that build's jar.
     */
    private static double directOfJar(Path jar, Path dir, String jdbcUrl, long seconds) throws Exception {
        int port = io.recolab.testing.ServerProcess.freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx1g", "-jar", jar.toString(), "serve", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", dir.toString(), "--db", jdbcUrl);
        pb.environment().put("RECOLAB_ADMIN_KEY", KEY);
        pb.redirectErrorStream(true);
        Files.createDirectories(dir);
        pb.redirectOutput(dir.resolve("serve.log").toFile());
        Process server = pb.start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                try {
                    call(port, "GET", "/api/v1/health", null, 200);
                    break;
                } catch (java.io.IOException | IllegalStateException e) {
                    if (!server.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the baseline server did not start: " + Files.readString(dir.resolve("serve.log")));
                    }
                    Thread.sleep(200);
                }
            }
            return startAndRate(port, seconds);
        } finally {
            server.destroy();
            server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Starts the bench's experiment on one node and measures its direct path after a warm-up. */
    private static double startAndRate(int port, long seconds) throws Exception {
        call(port, "POST", "/api/v1/experiments", DEFINITION, 201);
        call(port, "POST", "/api/v1/experiments/kb/start", null, 200);
        rateOnPorts(List.of(port), 3); // warm-up
        return rateOnPorts(List.of(port), seconds);
    }

    /** Events/s of {@link #THREADS} threads posting batches of 100 new events, spread over the nodes. */
    private static double rate(List<Recolab> nodes, long seconds) throws Exception {
        return rateOnPorts(nodes.stream().map(Recolab::port).toList(), seconds);
    }

    private static double rateOnPorts(List<Integer> ports, long seconds) throws Exception {
        AtomicLong events = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int port = ports.get(t % ports.size());
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    call(port, "POST", "/api/v1/events", batch(Instant.now().minusSeconds(60)), 200);
                    events.addAndGet(BATCH);
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

    /**
     * Events/s written to a fresh schema by {@code instances} processors, from their first commit until
     * the topic is drained or {@code seconds} have passed.
     */
    private static double drain(KafkaTarget target, int instances, long records, long seconds) throws Exception {
        return drain(target, instances, Processor.Config.DEFAULT_WRITERS, Processor.Keep.EVENTS, records, seconds);
    }

    private static double drain(KafkaTarget target, int instances, int writers, Processor.Keep keep, long records,
                                long seconds) throws Exception {
        String url = Stores.freshPostgresSchema();
        Database db = Database.open(url, 2);
        List<Processor> processors = new ArrayList<>();
        List<PrometheusMeterRegistry> registries = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int partitions = partitionCount(target);
        try {
            String group = "bench-" + RUN + "-" + instances + "-" + writers + "-" + keep + "-" + System.nanoTime();
            for (int i = 0; i < instances; i++) {
                Database own = Database.open(url, 2 * writers + 2);
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registries.add(registry);
                Processor p = new Processor(new Processor.Config(target, group, Duration.ofSeconds(10),
                        Integer.getInteger("bench.maxPoll", Processor.Config.DEFAULT_MAX_POLL_RECORDS),
                        Processor.Config.DEFAULT_DEDUP_HORIZON, writers, keep), own, registry);
                processors.add(p);
                Thread t = new Thread(() -> {
                    try {
                        p.run();
                    } finally {
                        own.close();
                    }
                }, "bench-processor-" + i);
                threads.add(t);
                t.start();
            }
            // The window opens once every instance owns its share of the partitions: the first instance alone
            // owns them all until the others' joins are rebalanced (seconds), which is not what n instances do.
            long first = -1;
            long firstAt = 0;
            long firstCpu = 0;
            while (true) {
                long stored = stored(db, target.topic());
                if (first < 0 && stored > 0 && settled(registries, partitions)) {
                    if (stored >= records) {
                        System.out.printf("  (the topic was drained before the group settled: no figure)%n");
                        return Double.NaN;
                    }
                    first = stored;
                    firstAt = System.nanoTime();
                    firstCpu = cpuNanos();
                }
                if (first >= 0 && (stored >= records || System.nanoTime() - firstAt > seconds * 1_000_000_000L)) {
                    // CPU per event: what the load of a shared machine moves least (the broker is another process).
                    System.out.printf("  (%,d events in the window; this JVM's CPU: %.1f us per event stored)%n", stored - first,
                            (cpuNanos() - firstCpu) / 1e3 / Math.max(1, stored - first));
                    return (stored - first) / ((System.nanoTime() - firstAt) / 1e9);
                }
                Thread.sleep(50);
            }
        } finally {
            processors.forEach(Processor::close);
            for (Thread t : threads) {
                t.join(30_000);
            }
            db.close();
            Stores.dropPostgresSchema(url);
        }
    }

    /** Every instance owns some partitions and together they own all of them. */
    private static boolean settled(List<PrometheusMeterRegistry> registries, int partitions) {
        double total = 0;
        for (PrometheusMeterRegistry r : registries) {
            double owned = r.get("recolab_processor_partitions").gauge().value();
            if (owned <= 0) {
                return false;
            }
            total += owned;
        }
        return total == partitions;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * p50 and p99 of send-to-commit in ms at a paced load the processor sustains (2 threads, one batch
     * of 100 a second each), and the offered rate.
     */
    private static double[] lag(Path dir, String pgNodes, KafkaBroker broker, long seconds, Processor.Keep keep)
            throws Exception {
        String name = "bench-lag-" + RUN + "-" + keep.name().toLowerCase(java.util.Locale.ROOT);
        KafkaTarget target = broker.createTopic(name, 8);
        Recolab node = Recolab.start(new Recolab.Config("127.0.0.1", 0, dir, pgNodes, null, KEY, 200, null,
                Duration.ofDays(1), false, 1000, target, null));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database db = Database.open(pgNodes, 4);
        Processor processor = new Processor(new Processor.Config(target, name, Duration.ofSeconds(10), 5000,
                Processor.Config.DEFAULT_DEDUP_HORIZON, Processor.Config.DEFAULT_WRITERS, keep), db, registry);
        Thread worker = new Thread(processor, "bench-lag-processor");
        worker.start();
        try {
            Thread.sleep(3_000); // the processor joins its group
            int threads = 2;
            double perThread = 1; // batches/s
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    long next = System.nanoTime();
                    while (next < end) {
                        call(node, "POST", "/api/v1/events", batch(Instant.now().minusSeconds(60)), 200);
                        next += (long) (1e9 / perThread);
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long records = endOffsets(target);
            while (stored(db, target.topic()) < records) {
                Thread.sleep(50);
            }
            // The processor's own lines of /metrics (what `process --metrics-port` serves), as they stand now.
            registry.scrape().lines().filter(l -> l.startsWith("recolab_")).forEach(l -> System.out.println("  /metrics: " + l));
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : registry.get("recolab_processor_visible_seconds").timer().takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            return new double[] {p50, p99, threads * perThread * BATCH};
        } finally {
            processor.close();
            worker.join(30_000);
            node.close();
            db.close();
        }
    }

    static String batch(Instant at) {
        StringBuilder out = new StringBuilder(BATCH * 120).append("{\"events\":[");
        long b = BATCHES.incrementAndGet();
        for (int u = 0; u < BATCH / 2; u++) {
            String unit = RUN + "-" + b + "-" + u;
            if (u > 0) {
                out.append(',');
            }
            out.append("{\"id\":\"x-").append(unit).append("\",\"type\":\"exposure\",\"experiment\":\"kb\",\"unit\":\"")
                    .append(unit).append("\",\"timestamp\":\"").append(at).append("\"},")
                    .append("{\"id\":\"c-").append(unit).append("\",\"type\":\"conversion\",\"experiment\":\"kb\",\"unit\":\"")
                    .append(unit).append("\",\"metric\":\"purchase\",\"timestamp\":\"").append(at.plusSeconds(30)).append("\"}");
        }
        return out.append("]}").toString();
    }

    static long stored(Database db, String topic) {
        return Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(next_offset), 0) FROM kafka_offsets WHERE topic = ?")) {
                ps.setString(1, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static long endOffsets(KafkaTarget target) {
        return endOffsetsByPartition(target).values().stream().mapToLong(Long::longValue).sum();
    }

    private static java.util.Map<TopicPartition, Long> endOffsetsByPartition(KafkaTarget target) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(target.topic()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            return c.endOffsets(parts);
        }
    }

    static int partitionCount(KafkaTarget target) {
        return endOffsetsByPartition(target).size();
    }

    static String call(Recolab node, String method, String path, String body, int expected) throws Exception {
        return call(node.port(), method, path, body, expected);
    }

    static String call(int port, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
