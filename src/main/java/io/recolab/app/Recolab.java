package io.recolab.app;

import io.recolab.analysis.Results;
import io.recolab.analysis.RollupReader;
import io.recolab.auth.ApiKeys;
import io.recolab.data.DataSource;
import io.recolab.demo.DemoTraffic;
import io.recolab.data.Interactions;
import io.recolab.data.LoadResult;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.experiment.MetricSpec;
import io.recolab.serving.InteractionService;
import io.recolab.serving.LiveHistory;
import io.recolab.serving.ModelService;
import io.recolab.serving.ShownItems;
import io.recolab.serving.StoredInteractions;
import java.time.Instant;
import io.recolab.serving.RecommendationService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import io.recolab.events.Attribution;
import io.recolab.events.EventParser;
import io.recolab.events.EventStore;
import io.recolab.events.EventWriter;
import io.recolab.events.Ingestion;
import io.recolab.auth.Accounts;
import io.recolab.auth.KeyRepository;
import io.recolab.auth.PasswordHasher;
import io.recolab.auth.People;
import io.recolab.auth.SessionPolicy;
import io.recolab.auth.SessionRepository;
import io.recolab.auth.Sessions;
import io.recolab.auth.SignIn;
import io.recolab.auth.SignInThrottle;
import io.recolab.auth.UserRepository;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionFiles;
import io.recolab.experiment.ExperimentRepository;
import io.recolab.experiment.ExperimentService;
import io.recolab.experiment.KnownRecommenders;
import io.recolab.http.HttpApi;
import io.recolab.http.ServerOptions;
import io.recolab.store.Database;
import io.recolab.store.JobLock;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    public static final String ADMIN_KEY_FILE = FirstStart.ADMIN_KEY_FILE;
    public static final String DEMO_PASSWORD_FILE = FirstStart.DEMO_PASSWORD_FILE;
    static final Duration DEMO_HELD_OUT = Duration.ofDays(28);
    static final double DEMO_VISITORS_PER_SECOND = 20;
    /** The demo's own experiment (experiments/homepage-recs.json): the only one it starts or sends traffic to. */
    public static final String DEMO_EXPERIMENT = "homepage-recs";

    /** How to start: what the serve command's options say. */
    /** @param events where events go: null for the store's own writer, else a Kafka topic (a processor stores them) */
    public record Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                         long refreshMillis, String dataSpec, Duration retrainEvery, boolean demo, int attributionShows,
                         io.recolab.kafka.KafkaTarget events, Path itemToItemModel, Duration guardrailEvery) {
        /**
         * How often the guardrail watch looks at experiments with autoPause. Its check stays valid at
         * any number of looks (a confidence sequence), so the interval only trades reaction time for
         * a rollup read per such experiment.
         */
        public static final Duration DEFAULT_GUARDRAIL_EVERY = Duration.ofMinutes(5);
        /** The demo's data when none is given: big enough to show differences, quick to train. */
        public static final String DEMO_DATA = "synthetic:customers=4000,items=1000,days=200,seed=7";
        /** Recommendation shows kept in memory to turn interactions into conversions (about 160 bytes each). */
        public static final int DEFAULT_ATTRIBUTION_SHOWS = 1_000_000;

        public Config {
            if (attributionShows < 1) {
                throw new IllegalArgumentException("attributionShows must be at least 1, got " + attributionShows);
            }
            guardrailEvery = guardrailEvery == null ? DEFAULT_GUARDRAIL_EVERY : guardrailEvery;
            if (guardrailEvery.toMillis() < 100) {
                throw new IllegalArgumentException("the guardrail check interval must be at least 100 ms, got " + guardrailEvery);
            }
        }

        public Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                      long refreshMillis, String dataSpec, Duration retrainEvery, boolean demo, int attributionShows,
                      io.recolab.kafka.KafkaTarget events, Path itemToItemModel) {
            this(host, port, dataDir, jdbcUrl, experimentsDir, adminKey, refreshMillis, dataSpec, retrainEvery, demo,
                    attributionShows, events, itemToItemModel, DEFAULT_GUARDRAIL_EVERY);
        }

        /** The same with another guardrail check interval. */
        public Config withGuardrailEvery(Duration every) {
            return new Config(host, port, dataDir, jdbcUrl, experimentsDir, adminKey, refreshMillis, dataSpec, retrainEvery,
                    demo, attributionShows, events, itemToItemModel, every);
        }

        /** Events to the store's own writer, without a published item-to-item table (the server trains its own). */
        public Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                      long refreshMillis, String dataSpec, Duration retrainEvery, boolean demo, int attributionShows) {
            this(host, port, dataDir, jdbcUrl, experimentsDir, adminKey, refreshMillis, dataSpec, retrainEvery, demo,
                    attributionShows, null, null);
        }

        public Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                      long refreshMillis, String dataSpec, Duration retrainEvery, boolean demo) {
            this(host, port, dataDir, jdbcUrl, experimentsDir, adminKey, refreshMillis, dataSpec, retrainEvery, demo,
                    DEFAULT_ATTRIBUTION_SHOWS);
        }

        public Config(String host, int port, Path dataDir, String jdbcUrl, Path experimentsDir, String adminKey,
                      long refreshMillis) {
            this(host, port, dataDir, jdbcUrl, experimentsDir, adminKey, refreshMillis, null, Duration.ofDays(1), false);
        }

        public String effectiveDataSpec() {
            return dataSpec == null && demo ? DEMO_DATA : dataSpec;
        }

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
    private final People people;
    private final ExperimentRepository experimentRepository;
    private final KeyRepository keyRepository;
    private final ScheduledExecutorService refresher;
    /** The store's writer, or null when events go to a Kafka topic ({@link #kafkaIntake}). */
    private final EventWriter eventWriter;
    private final io.recolab.kafka.KafkaIntake kafkaIntake;
    private final io.recolab.store.NodeSlot nodeSlot;
    private final Catalog catalog;
    private final io.recolab.holdout.HoldoutService holdouts;
    private final ModelService models;
    private final AtomicReference<Interactions> interactions = new AtomicReference<>();
    private final Ingestion ingestion;
    private final Results results;
    private final RecommendationService recommendations;
    private final InteractionService interactionService;
    private final ShownItems shownItems;
    /** Present where nodes share the store: interactions reported to the others join this node's live history. */
    private final java.util.Optional<io.recolab.serving.InteractionFeed> interactionFeed;
    private final io.recolab.ops.Telemetry telemetry;
    private final io.recolab.analysis.GuardrailWatch guardrailWatch;
    /** Its own thread: a model retraining on the refresher must not hold up a guardrail's pause. */
    private final ScheduledExecutorService guardrailTimer;
    private DemoTraffic demoTraffic;
    private String printedAdminKey;
    private String printedDemoPassword;
    private long seenExperimentCounter = -1;
    private long seenKeyCounter = -1;

    private Recolab(Config config, ServerOptions serverOptions) {
        this.config = config;
        createDataDir(config.dataDir());
        Clock clock = Clock.systemUTC();
        this.database = Database.open(config.effectiveJdbcUrl(), 16);
        this.experimentRepository = new ExperimentRepository(database);
        this.keyRepository = new KeyRepository(database);
        this.catalog = new Catalog();
        RecommenderRegistry recommenders = registry(config);
        this.experiments = new ExperimentService(experimentRepository, catalog, clock, KnownRecommenders.of(recommenders));
        this.keys = new ApiKeys(keyRepository, clock);
        this.people = people(database, clock);
        this.vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
        // Each node adds its rollup deltas to rows of its own slot: no rollup row is shared by two nodes.
        this.nodeSlot = io.recolab.store.NodeSlot.claim(database);
        this.models = new ModelService(recommenders, this::trainingData, clock);
        ShownItems shown = new ShownItems(config.attributionShows(), Duration.ofDays(MetricSpec.MAX_WINDOW_DAYS));
        this.telemetry = new io.recolab.ops.Telemetry().watch(database).watch(models);
        EventParser parser = new EventParser(catalog, clock);
        LiveHistory history = new LiveHistory(config.attributionShows());
        io.recolab.serving.ConversionPath conversions;
        if (config.events() == null) {
            this.kafkaIntake = null;
            this.eventWriter = new EventWriter(database, new EventStore(database.dialect(),
                    new Attribution(database.dialect(), nodeSlot.id())), EventWriter.Limits.DEFAULT);
            telemetry.watch(eventWriter);
            this.ingestion = new Ingestion(parser, eventWriter, shown::addExposures, telemetry);
            conversions = new io.recolab.serving.LocalConversions(shown, io.recolab.serving.ShowSource.of(database), ingestion);
        } else {
            // Events go to the topic; a `process` instance writes them to this store. The unit's shows
            // live with its partition, so interactions become conversions there (any node may serve either).
            this.eventWriter = null;
            this.kafkaIntake = new io.recolab.kafka.KafkaIntake(config.events());
            telemetry.bind(kafkaIntake);
            this.ingestion = new Ingestion(parser, kafkaIntake, events -> { }, telemetry);
            conversions = new io.recolab.kafka.PartitionConversions(parser, kafkaIntake);
        }
        this.holdouts = new io.recolab.holdout.HoldoutService(new io.recolab.holdout.HoldoutRepository(database), catalog, clock);
        this.recommendations = new RecommendationService(catalog, models, ingestion, history, holdouts::observe);
        io.recolab.interleave.Interleaving interleaving = new io.recolab.interleave.Interleaving(catalog, models, history,
                new io.recolab.interleave.InterleavingStore(database), clock, holdouts::observe);
        this.interactionService = new InteractionService(database, catalog, conversions, history, interleaving);
        this.interactionFeed = io.recolab.serving.InteractionFeed.of(database, history);
        this.shownItems = shown;
        this.results = new Results(catalog, new RollupReader(database));
        this.guardrailWatch = new io.recolab.analysis.GuardrailWatch(catalog, results, experiments, JobLock.of(database),
                telemetry);
        this.http = new HttpApi(vertx, new HttpApi.Services(database, experiments, new Assignments(catalog, holdouts::observe), keys,
                ingestion, results, recommendations, models, interactionService,
                new io.recolab.export.Exports(catalog, results, database), telemetry, people, interleaving, holdouts), serverOptions);
        this.guardrailTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recolab-guardrails");
            t.setDaemon(true);
            return t;
        });
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recolab-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Accounts, sign-in and sessions on a store: for the server, and for the {@code user} command. */
    public static People people(Database database, Clock clock) {
        UserRepository users = new UserRepository(database);
        PasswordHasher hasher = PasswordHasher.defaults();
        Sessions sessions = new Sessions(new SessionRepository(database), SessionPolicy.DEFAULT, clock);
        return new People(new Accounts(users, hasher, sessions, clock),
                new SignIn(users, hasher, SignInThrottle.defaults(clock), sessions, clock), sessions);
    }

    public static Recolab start(Config config) {
        return start(config, ServerOptions.DEFAULTS);
    }

    /** @param serverOptions TLS, rate limit and connection limits of the HTTP server (serve's options) */
    public static Recolab start(Config config, ServerOptions serverOptions) {
        Recolab app = new Recolab(config, serverOptions);
        try {
            // Seeding the shared store runs on one node at a time: nodes starting together would
            // otherwise both insert the bootstrap admin key and one would fail on the unique key.
            JobLock.of(app.database).runExclusively("bootstrap", () -> {
                app.keys.refresh();
                FirstStart first = new FirstStart(config.dataDir(), app.keys, app.people);
                app.printedAdminKey = first.adminKey(config.adminKey());
                app.loadDefinitionFiles();
                app.experiments.refresh();
                if (config.demo()) {
                    app.startDemoExperiment();
                    app.printedDemoPassword = first.demoUser();
                }
                return null;
            });
            if (app.eventWriter != null) {
                InteractionService.reload(app.database, app.shownItems,
                        Instant.now().minus(Duration.ofDays(MetricSpec.MAX_WINDOW_DAYS)));
                app.eventWriter.start();
            }
            app.http.start(config.host(), config.port());
            app.refresher.scheduleWithFixedDelay(app::pollForChanges, config.refreshMillis(), config.refreshMillis(),
                    TimeUnit.MILLISECONDS);
            app.refresher.scheduleWithFixedDelay(() -> {
                try {
                    app.holdouts.flush();
                } catch (RuntimeException e) {
                    LOG.warn("cannot record holdout units in the store (kept for the next try): {}", e.getMessage());
                }
            }, 1000, 1000, TimeUnit.MILLISECONDS);
            app.interactionFeed.ifPresent(feed -> app.refresher.scheduleWithFixedDelay(() -> {
                try {
                    feed.poll();
                } catch (RuntimeException e) {
                    LOG.warn("cannot read other nodes' interactions from the store: {}", e.getMessage());
                }
            }, config.refreshMillis(), config.refreshMillis(), TimeUnit.MILLISECONDS));
            long guardrailMillis = config.guardrailEvery().toMillis();
            app.guardrailTimer.scheduleWithFixedDelay(app.guardrailWatch::run, guardrailMillis, guardrailMillis,
                    TimeUnit.MILLISECONDS);
            if (config.effectiveDataSpec() != null) {
                app.refresher.execute(app::loadInteractions);
                long every = config.retrainEvery().toMillis();
                app.refresher.scheduleWithFixedDelay(app.models::retrainAll, every, every, TimeUnit.MILLISECONDS);
            }
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
                trainModelsOfRunningExperiments();
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

    /** Loads the interaction data in the background: the server answers assignments meanwhile. */
    private void loadInteractions() {
        String spec = config.effectiveDataSpec();
        try {
            long t0 = System.nanoTime();
            LoadResult loaded = DataSource.parse(spec).load();
            Interactions log = loaded.interactions();
            LOG.info("loaded {}: {} interactions kept, {} skipped, {} dropped in {} s", spec, loaded.kept(),
                    loaded.skipped(), loaded.dropped(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            if (config.demo()) {
                // The models learn from all but the last four weeks; the traffic replays those weeks. The log is
                // moved so that the cutoff is now: the purchases the traffic reports (at the present time) then
                // continue the training data instead of landing years after it, which would leave every
                // recency-based model (and the chronological autoencoder's weekly cutoffs) in an empty gap.
                long held = log.lastTime() - DEMO_HELD_OUT.toSeconds();
                log = log.shifted(java.time.Instant.now().getEpochSecond() - held);
                long cutoff = log.lastTime() - DEMO_HELD_OUT.toSeconds();
                interactions.set(log.before(cutoff));
                demoTraffic = new DemoTraffic(DEMO_EXPERIMENT, catalog, recommendations, interactionService, log, cutoff,
                        DEMO_VISITORS_PER_SECOND, 7);
                demoTraffic.start();
            } else {
                interactions.set(log);
            }
            trainModelsOfRunningExperiments();
        } catch (RuntimeException e) {
            LOG.error("cannot load {}: {}; recommendations fall back to no-model", spec, e.getMessage());
        }
    }

    /**
     * What models learn from: the loaded data plus every interaction reported since
     * ({@code POST /api/v1/interactions}), read from the store at each (re)train.
     */
    private Optional<Interactions> trainingData() {
        Interactions base = interactions.get();
        if (base == null) {
            return Optional.empty();
        }
        return Optional.of(StoredInteractions.appendTo(base, database));
    }

    /**
     * The demo starts its own experiment when it is still a draft, and nothing else: a draft of the
     * user's is theirs to start (the demo once started every draft, on every restart).
     */
    private void startDemoExperiment() {
        Optional<Catalog.Entry> entry = catalog.get(DEMO_EXPERIMENT);
        if (entry.isEmpty()) {
            LOG.warn("demo: no experiment {} (experiments/{}.json); the demo's traffic has nowhere to go", DEMO_EXPERIMENT,
                    DEMO_EXPERIMENT);
            return;
        }
        if (entry.get().experiment().status() == io.recolab.experiment.Status.DRAFT) {
            experiments.transition(DEMO_EXPERIMENT, io.recolab.experiment.Transition.START, "demo");
            LOG.info("demo: started experiment {}", DEMO_EXPERIMENT);
        }
    }

    /** Every recommender a running experiment uses gets a model; idempotent, called on every change. */
    private void trainModelsOfRunningExperiments() {
        if (interactions.get() == null) {
            return;
        }
        models.ensure(catalog.all().stream().filter(Catalog.Entry::isRunning)
                .flatMap(e -> e.definition().treatments().stream()).map(t -> t.recommender()).distinct().toList());
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

    /** The HTTP server's protections; {@code serverOptions().tls()} is true when it speaks HTTPS only. */
    public ServerOptions serverOptions() {
        return http.options();
    }

    /** The admin key created on this start, if one was (null otherwise): shown once. */
    public String newAdminKey() {
        return printedAdminKey;
    }

    /** The demo admin's password if this start created the account (null otherwise): shown once. */
    public String newDemoPassword() {
        return printedDemoPassword;
    }

    /** The node's event writer (its commit counters, for tests and benchmarks). */
    public EventWriter eventWriter() {
        return eventWriter;
    }

    public ExperimentService experiments() {
        return experiments;
    }

    public Results results() {
        return results;
    }

    public ApiKeys keys() {
        return keys;
    }

    public People people() {
        return people;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        guardrailTimer.shutdownNow();
        if (demoTraffic != null) {
            demoTraffic.close();
        }
        models.close();
        // Drain first: stop taking events, commit what is queued (its callers still get answers),
        // and only then stop HTTP and close the pool.
        if (eventWriter != null) {
            eventWriter.close();
        }
        if (kafkaIntake != null) {
            kafkaIntake.close(); // sends what is buffered and waits for Kafka's answers
        }
        http.stop();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        nodeSlot.close();
        database.close();
    }

    /** The recommenders; with a published table (serve --item-to-item-model), item-to-item serves it. */
    static RecommenderRegistry registry(Config config) {
        RecommenderRegistry registry = RecommenderRegistry.defaults();
        if (config.itemToItemModel() == null) {
            return registry;
        }
        Path table = config.itemToItemModel();
        return registry.replacing("item-to-item", () -> io.recolab.recommend.itemtoitem.PrecomputedItemToItem.corrected(table));
    }
}
