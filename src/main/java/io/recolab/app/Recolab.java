package io.recolab.app;

import io.recolab.analysis.Results;
import io.recolab.analysis.RollupReader;
import io.recolab.auth.ApiKeys;
import io.recolab.events.Attribution;
import io.recolab.events.EventParser;
import io.recolab.events.EventStore;
import io.recolab.events.EventWriter;
import io.recolab.events.Ingestion;
import io.recolab.auth.KeyRepository;
import io.recolab.auth.Scope;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionFiles;
import io.recolab.experiment.ExperimentRepository;
import io.recolab.experiment.ExperimentService;
import io.recolab.http.HttpApi;
import io.recolab.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every service by hand (no container), starts them in order and
 * stops them in reverse. The server command and the integration tests both start recolab here.
 */
public final class Recolab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recolab.class);
    static final String ADMIN_KEY_FILE = "admin.key";
    static final String BOOTSTRAP_LABEL = "bootstrap admin";

    /** How to start: what the serve command's options say. */
    public record Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                         long refreshMillis) {
        public String effectiveJdbcUrl() {
            return jdbcUrl != null ? jdbcUrl : Database.h2Url(dataDir);
        }
    }

    private final Config config;
    private final Database database;
    private final Vertx vertx;
    private final HttpApi http;
    private final ExperimentService experiments;
    private final ApiKeys keys;
    private final ExperimentRepository experimentRepository;
    private final KeyRepository keyRepository;
    private final ScheduledExecutorService refresher;
    private final EventWriter eventWriter;
    private String printedAdminKey;
    private long seenExperimentCounter = -1;
    private long seenKeyCounter = -1;

    private Recolab(Config config) {
        this.config = config;
        createDataDir(config.dataDir());
        Clock clock = Clock.systemUTC();
        this.database = Database.open(config.effectiveJdbcUrl(), 16);
        this.experimentRepository = new ExperimentRepository(database);
        this.keyRepository = new KeyRepository(database);
        Catalog catalog = new Catalog();
        this.experiments = new ExperimentService(experimentRepository, catalog, clock);
        this.keys = new ApiKeys(keyRepository, clock);
        this.vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
        this.eventWriter = new EventWriter(database, new EventStore(database.dialect(), new Attribution(database.dialect())),
                EventWriter.Limits.DEFAULT);
        this.http = new HttpApi(vertx, new HttpApi.Services(database, experiments, new Assignments(catalog), keys,
                new Ingestion(new EventParser(catalog, clock), eventWriter),
                new Results(catalog, new RollupReader(database))));
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recolab-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    public static Recolab start(Config config) {
        Recolab app = new Recolab(config);
        try {
            app.keys.refresh();
            app.bootstrapAdminKey();
            app.loadDefinitionFiles();
            app.experiments.refresh();
            app.eventWriter.start();
            app.http.start(config.host(), config.port());
            app.refresher.scheduleWithFixedDelay(app::pollForChanges, config.refreshMillis(), config.refreshMillis(),
                    TimeUnit.MILLISECONDS);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /**
     * Other nodes sharing the database may change experiments or keys; a counter per kind tells
     * cheaply whether anything moved since the last look.
     */
    private void pollForChanges() {
        try {
            long experimentCounter = experimentRepository.changeCounter();
            if (experimentCounter != seenExperimentCounter) {
                experiments.refresh();
                seenExperimentCounter = experimentCounter;
            }
            long keyCounter = keyRepository.changeCounter();
            if (keyCounter != seenKeyCounter) {
                keys.refresh();
                seenKeyCounter = keyCounter;
            }
        } catch (RuntimeException e) {
            // The database may be away; assignment keeps serving the cached definitions.
            LOG.warn("cannot refresh definitions from the store: {}", e.getMessage());
        }
    }

    private void bootstrapAdminKey() {
        if (config.adminKey() != null && !config.adminKey().isBlank()) {
            String label = BOOTSTRAP_LABEL + " (RECOLAB_ADMIN_KEY)";
            ApiKeys.Issued issued = keys.register(config.adminKey().trim(), label, EnumSet.of(Scope.ADMIN), null);
            // Changing RECOLAB_ADMIN_KEY rotates the key: the one it replaces stops working.
            keys.list().stream()
                    .filter(k -> k.label().equals(label) && !k.id().equals(issued.key().id()) && k.revokedAt() == null)
                    .forEach(k -> keys.revoke(k.id()));
            return;
        }
        if (keys.hasActiveAdmin()) {
            return;
        }
        ApiKeys.Issued issued = keys.create(BOOTSTRAP_LABEL, EnumSet.of(Scope.ADMIN), null);
        Path file = config.dataDir().resolve(ADMIN_KEY_FILE);
        try {
            Files.writeString(file, issued.secret() + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("no POSIX permissions on this file system");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the admin key in " + file, e);
        }
        printedAdminKey = issued.secret();
    }

    private void loadDefinitionFiles() {
        if (config.experimentsDir() == null) {
            return;
        }
        DefinitionFiles.Result result = DefinitionFiles.read(config.experimentsDir());
        for (DefinitionFiles.Problem p : result.problems()) {
            LOG.warn("skipping experiment file {}: {}", p.file(), p.message());
        }
        for (DefinitionFiles.Loaded loaded : result.loaded()) {
            try {
                String outcome = experiments.apply(loaded.definition(), "file:" + loaded.file().getFileName());
                LOG.info("experiment {} from {}: {}", loaded.definition().key(), loaded.file(), outcome);
            } catch (RuntimeException e) {
                LOG.warn("experiment file {} not applied: {}", loaded.file(), e.getMessage());
            }
        }
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    public int port() {
        return http.port();
    }

    /** The admin key created on this start, if one was (null otherwise): shown once. */
    public String newAdminKey() {
        return printedAdminKey;
    }

    public ExperimentService experiments() {
        return experiments;
    }

    public ApiKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        // Drain first: stop taking events, commit what is queued (its callers still get answers),
        // and only then stop HTTP and close the pool.
        eventWriter.close();
        http.stop();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        database.close();
    }
}
