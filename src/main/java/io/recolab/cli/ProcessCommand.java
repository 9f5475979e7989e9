package io.recolab.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recolab.kafka.DedupHorizon;
import io.recolab.kafka.KafkaTarget;
import io.recolab.kafka.Processor;
import io.recolab.kafka.Topics;
import io.recolab.store.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "process", mixinStandardHelpOptions = true,
        description = "Write the event topic into the store: one member of a consumer group; start several to share "
                + "the partitions (they rebalance when one joins or dies). Each poll's events, duplicates removed, "
                + "their rollups and the partitions' offsets commit in one database transaction.")
final class ProcessCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "[kafka:]HOST:PORT[,HOST:PORT...]",
            description = "The Kafka cluster (bootstrap servers).")
    String kafka;

    @Option(names = "--topic", defaultValue = KafkaTarget.DEFAULT_TOPIC, description = "The event topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--db", description = "JDBC URL of the store the serving nodes read, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres (default: an H2 file database in --data-dir, "
            + "which only this process may open).")
    String jdbcUrl;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Directory of the default H2 store (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--group", defaultValue = Processor.Config.DEFAULT_GROUP,
            description = "Consumer group: instances of one group share the partitions (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--session-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "A silent instance (killed, hung) loses its partitions to the others after this long "
                    + "(6..300; default ${DEFAULT-VALUE}).")
    int sessionTimeoutSeconds;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "20000",
            description = "Records per poll, written in one transaction (default ${DEFAULT-VALUE}).")
    int maxPollRecords;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "" + Processor.Config.DEFAULT_WRITERS,
            description = "Writer lanes (PostgreSQL): a poll's partitions are written on this many connections at once, "
                    + "each lane committing its partitions' offsets with their rows (1..16; default ${DEFAULT-VALUE}; "
                    + "H2 always uses one).")
    int writers;

    @Option(names = "--keep", paramLabel = "events|rollups", defaultValue = "events",
            description = "What the store receives. events (default): what the direct path writes, raw events, unit rows "
                    + "and rollups, so exports and every metric kind read the store. rollups: only the rollups and excluded "
                    + "counts; event ids, units and shows are each partition's keyed state, in memory and changelogged in "
                    + "the store (kafka_state) in the same transaction; raw events stay in the topic for the lake (spark/ "
                    + "EventsToLakeJob). A group keeps the mode it started with.")
    String keep;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Create the topic with N partitions if it does not exist (with --replication and --retention-days).")
    Integer partitions;

    @Option(names = "--replication", paramLabel = "N", defaultValue = "1",
            description = "Replication factor of a topic created by --partitions (default ${DEFAULT-VALUE}; 3 on a real cluster).")
    short replication;

    @Option(names = "--retention-days", paramLabel = "DAYS", defaultValue = "7",
            description = "Retention of a topic created by --partitions (default ${DEFAULT-VALUE}).")
    int retentionDays;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics (throughput, Kafka lag, acknowledged-to-stored latency) at "
                    + "http://HOST:PORT/metrics (default: none).")
    Integer metricsPort;

    @Option(names = "--dedup-horizon", paramLabel = "DURATION", defaultValue = "7d",
            description = "Duplicates (by event id) arriving within this long of Kafka's acknowledgement are always "
                    + "removed; a record read later than that is a replay and is refused and counted "
                    + "(outcome=\"past_horizon\"). Like 7d, 36h, 90m; match the topic's retention (default ${DEFAULT-VALUE}).")
    String dedupHorizon;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        KafkaTarget target = KafkaOptions.target(kafka, topic, "--kafka");
        if (partitions != null && (partitions < 1 || replication < 1 || retentionDays < 1)) {
            throw new UsageException("--partitions, --replication and --retention-days must be at least 1");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new UsageException("--metrics-port must be in 0..65535, got " + metricsPort);
        }
        Processor.Config config;
        try {
            config = new Processor.Config(target, group, Duration.ofSeconds(sessionTimeoutSeconds), maxPollRecords,
                    DedupHorizon.parse(dedupHorizon), writers, Processor.Keep.of(keep));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (partitions != null && Topics.ensure(target, partitions, replication, Duration.ofDays(retentionDays).toMillis())) {
            System.out.println("created topic " + target.topic() + " with " + partitions + " partitions");
        }
        if (jdbcUrl == null) {
            Files.createDirectories(dataDir);
        }
        // Per lane a connection for its node slot and one for its transactions; two for the offsets and pruning.
        Database database = Database.open(jdbcUrl != null ? jdbcUrl : Database.h2Url(dataDir), 2 * writers + 2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Processor processor = new Processor(config, database, registry);
        HttpServer metrics = null;
        if (metricsPort != null) {
            metrics = HttpServer.create(new InetSocketAddress(metricsPort), 0);
            metrics.createContext("/metrics", exchange -> {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            metrics.start();
            System.out.println("processor metrics on http://localhost:" + metrics.getAddress().getPort() + "/metrics");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                processor.run();
            } catch (RuntimeException e) {
                failed.set(e);
            } finally {
                stopped.countDown();
            }
        }, "recolab-processor");
        HttpServer server = metrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close(); // ends after the current transaction and leaves the group
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (server != null) {
                server.stop(0);
            }
            database.close();
        }, "recolab-processor-shutdown"));
        System.out.println("processing " + target.topic() + " from " + target.bootstrap() + " as group " + group);
        System.out.flush();
        worker.start();
        stopped.await();
        if (failed.get() != null) {
            throw failed.get(); // exit status 1, one line on stderr
        }
        return 0;
    }
}
