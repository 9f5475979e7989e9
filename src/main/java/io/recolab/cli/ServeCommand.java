package io.recolab.cli;

import io.recolab.app.Recolab;
import java.nio.file.Path;
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

    @Option(names = "--data", paramLabel = "FORMAT:PATH",
            description = "Interaction data the recommenders of running experiments train on, e.g. "
                    + "online-retail:../shared/data/online-retail/online-retail.csv or synthetic:customers=5000,items=2000 "
                    + "(loaded and trained in the background; assignments are served meanwhile).")
    String dataSpec;

    @Option(names = "--retrain-hours", defaultValue = "24",
            description = "Retrain every model this often, swapping each in when ready (default ${DEFAULT-VALUE}).")
    double retrainHours;

    @Option(names = "--demo", description = "Demo mode: starts the experiments in --experiments, trains their "
            + "recommenders on --data (default: a synthetic shop) up to four weeks before its end, and replays those "
            + "four weeks as live traffic, so results grow within a minute.")
    boolean demo;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "${env:RECOLAB_LOG_FORMAT:-text}",
            description = "Log lines as text or as JSON objects, one a line, with the request id (default: "
                    + "$RECOLAB_LOG_FORMAT, else text).")
    String logFormat;

    @Option(names = "--access-log", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "One log line per request: method, route template, status, duration, bytes (default: on; "
                    + "--no-access-log turns it off).")
    boolean accessLog;

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
        if (!(retrainHours > 0)) {
            throw new UsageException("--retrain-hours must be positive, got " + retrainHours);
        }
        LogFormat.parse(logFormat).apply(accessLog);
        if (dataSpec != null) {
            try {
                io.recolab.data.DataSource.parse(dataSpec);
            } catch (RuntimeException e) {
                throw new UsageException("--data: " + e.getMessage());
            }
        }
        Recolab app = Recolab.start(new Recolab.Config(host, port, dataDir, jdbcUrl, experimentsDir,
                System.getenv("RECOLAB_ADMIN_KEY"), refreshMillis, dataSpec,
                java.time.Duration.ofMillis((long) (retrainHours * 3_600_000)), demo));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "recolab-shutdown"));
        String shownHost = "0.0.0.0".equals(host) ? "localhost" : host;
        System.out.println("recolab listening on http://" + shownHost + ":" + app.port() + "/");
        if (app.newAdminKey() != null) {
            System.out.println("admin key (shown once; also stored in " + dataDir.resolve("admin.key") + "): "
                    + app.newAdminKey());
        }
        if (app.newDemoPassword() != null) {
            System.out.println("sign in to the UI as admin with password " + app.newDemoPassword()
                    + " (shown once; also stored in " + dataDir.resolve("demo-admin.password") + ")");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
