package io.recolab.cli;

import io.recolab.app.Recolab;
import io.recolab.http.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the recolab server: the JSON API under /api/v1 and the web UI.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 = any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Directory for the embedded H2 database and the generated admin key (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", description = "JDBC URL of the store, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres "
            + "(default: an H2 file database in --data-dir).")
    String jdbcUrl;

    @Option(names = "--experiments", defaultValue = "./experiments",
            description = "Directory of experiment definitions (<key>.json) loaded at start (default ${DEFAULT-VALUE}).")
    Path experimentsDir;

    @Option(names = "--refresh-ms", defaultValue = "2000",
            description = "How often to look for changes made by other nodes, in ms (default ${DEFAULT-VALUE}).")
    long refreshMillis;

    @Option(names = "--guardrail-check-ms", defaultValue = "300000",
            description = "How often experiments with autoPause are checked for a guardrail breach, in ms"
                    + " (default ${DEFAULT-VALUE}; one node of a cluster acts per round).")
    long guardrailCheckMillis;

    @Option(names = "--data", paramLabel = "FORMAT:PATH",
            description = "Interaction data the recommenders of running experiments train on, e.g. "
                    + "online-retail:../shared/data/online-retail/online-retail.csv or synthetic:customers=5000,items=2000 "
                    + "(loaded and trained in the background; assignments are served meanwhile).")
    String dataSpec;

    @Option(names = "--retrain-hours", defaultValue = "24",
            description = "Retrain every model this often, swapping each in when ready (default ${DEFAULT-VALUE}).")
    double retrainHours;

    @Option(names = "--item-to-item-model", paramLabel = "DIR",
            description = "Serve the item-to-item treatment from this similar-items table (written by the Spark job "
                    + "spark/ItemToItemJob; format in docs/recommenders.md) instead of training it here; re-read on "
                    + "every retrain, so a newly published table is swapped in within --retrain-hours.")
    Path itemToItemModel;

    @Option(names = "--demo", description = "Demo mode: starts the experiments in --experiments, trains their "
            + "recommenders on --data (default: a synthetic shop) up to four weeks before its end, and replays those "
            + "four weeks as live traffic, so results grow within a minute.")
    boolean demo;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS only, with this PEM certificate "
            + "(chain); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's PEM private key (PKCS#8 or PKCS#1).")
    Path tlsKey;

    @Option(names = "--attribution-shows", paramLabel = "N", defaultValue = "1000000",
            description = "Recommendation shows kept in memory (about 160 bytes each) so that reported interactions "
                    + "become conversions; past it the oldest are forgotten (default ${DEFAULT-VALUE}).")
    int attributionShows;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "5000",
            description = "Requests per second each API key (or each address, for calls without a key) may make; "
                    + "over it a call gets 429 with Retry-After. Assignment is not counted. 0 = no limit "
                    + "(default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N",
            description = "Requests a quiet caller may make at once (default: twice --rate-limit).")
    Integer rateBurst;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
            description = "Open connections at most; further ones are closed at once (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A request not answered in this time gets 503 (default ${DEFAULT-VALUE}).")
    double requestTimeoutSeconds;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Close a connection idle this long, or one that takes this long to send a request's "
                    + "headers (default ${DEFAULT-VALUE}).")
    double idleTimeoutSeconds;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "${env:" + LogFormat.ENV + ":-text}",
            description = "Log lines as text or as JSON objects, one a line, with the request id (default: "
                    + "$RECOLAB_LOG_FORMAT, else text).")
    String logFormat;

    @Option(names = "--access-log", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "One log line per request: method, route template, status, duration, bytes (default: on; "
                    + "--no-access-log turns it off).")
    boolean accessLog;

    @Option(names = "--events", paramLabel = "kafka:HOST:PORT[,HOST:PORT...]",
            description = "Send events to a Kafka topic instead of writing them to the store: POST /api/v1/events "
                    + "answers once Kafka acknowledged them (acks=all), and `process` instances write them to the store "
                    + "(default: the store's own writer).")
    String events;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = io.recolab.kafka.KafkaTarget.DEFAULT_TOPIC,
            description = "The Kafka topic of --events (default ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be in 0..65535, got " + port);
        }
        if (refreshMillis < 100) {
            throw new UsageException("--refresh-ms must be at least 100, got " + refreshMillis);
        }
        if (guardrailCheckMillis < 100) {
            throw new UsageException("--guardrail-check-ms must be at least 100, got " + guardrailCheckMillis);
        }
        if (!(retrainHours > 0)) {
            throw new UsageException("--retrain-hours must be positive, got " + retrainHours);
        }
        LogFormat.parse(logFormat).apply(accessLog);
        if (dataSpec != null) {
            DataOptions.source(dataSpec);
        }
        if (itemToItemModel != null) {
            try { // a bad path is a usage error at start, not a background log line at the first training
                io.recolab.recommend.itemtoitem.SimilarItemsFile.readManifest(itemToItemModel);
            } catch (io.recolab.data.DataException e) {
                throw new UsageException("--item-to-item-model: " + e.getMessage());
            }
        }
        if (attributionShows < 1) {
            throw new UsageException("--attribution-shows must be at least 1, got " + attributionShows);
        }
        ServerOptions serverOptions = serverOptions();
        io.recolab.kafka.KafkaTarget kafka = events == null ? null : KafkaOptions.sink(events, eventsTopic, "--events");
        Recolab app = Recolab.start(new Recolab.Config(host, port, dataDir, jdbcUrl, experimentsDir,
                System.getenv("RECOLAB_ADMIN_KEY"), refreshMillis, dataSpec,
                java.time.Duration.ofMillis((long) (retrainHours * 3_600_000)), demo, attributionShows, kafka,
                itemToItemModel, java.time.Duration.ofMillis(guardrailCheckMillis)), serverOptions);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "recolab-shutdown"));
        String shownHost = "0.0.0.0".equals(host) ? "localhost" : host;
        System.out.println("recolab listening on " + (serverOptions.tls() ? "https" : "http") + "://" + shownHost + ":" + app.port() + "/");
        if (app.newAdminKey() != null) {
            System.out.println("admin key (shown once; also stored in " + dataDir.resolve(Recolab.ADMIN_KEY_FILE) + "): "
                    + app.newAdminKey());
        }
        if (app.newDemoPassword() != null) {
            System.out.println("sign in to the UI as admin with password " + app.newDemoPassword()
                    + " (shown once; also stored in " + dataDir.resolve(Recolab.DEMO_PASSWORD_FILE) + ")");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private ServerOptions serverOptions() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageException("--tls-cert and --tls-key go together: give both or neither");
        }
        for (Path pem : new Path[] {tlsCert, tlsKey}) {
            if (pem != null && !Files.isReadable(pem)) {
                throw new UsageException("cannot read the TLS file " + pem);
            }
        }
        if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
            throw new UsageException("--rate-limit must be >= 0 (0 = no limit), got " + rateLimit);
        }
        int burst = rateBurst != null ? rateBurst : (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(2 * rateLimit)));
        if (burst < 1) {
            throw new UsageException("--rate-burst must be at least 1, got " + burst);
        }
        if (maxConnections < 1) {
            throw new UsageException("--max-connections must be at least 1, got " + maxConnections);
        }
        if (!(requestTimeoutSeconds >= 0.1) || !(idleTimeoutSeconds >= 0.1)) {
            throw new UsageException("--request-timeout and --idle-timeout must be at least 0.1 s, got "
                    + requestTimeoutSeconds + ", " + idleTimeoutSeconds);
        }
        return ServerOptions.DEFAULTS.withTls(tlsCert, tlsKey).withRateLimit(rateLimit, burst)
                .withConnections(maxConnections, Duration.ofMillis((long) (requestTimeoutSeconds * 1000)),
                        Duration.ofMillis((long) (idleTimeoutSeconds * 1000)));
    }
}
