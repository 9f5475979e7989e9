package io.recolab.simulate;

import io.recolab.analysis.Results;
import io.recolab.analysis.ResultsReport;
import io.recolab.analysis.RollupReader;
import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.events.EventWriter;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.ExperimentRepository;
import io.recolab.experiment.ExperimentService;
import io.recolab.experiment.KnownRecommenders;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Status;
import io.recolab.experiment.Transition;
import io.recolab.store.Database;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The server's own services, wired by hand as {@code app.Recolab} wires them, for a replay: the experiment
 * store and catalog (the experiment is created and started like an owner would), the event writer with its
 * attribution and daily rollups, and the results computed from those rollups. Pointed at the server's database
 * ({@code --db}), a replay's results appear in the UI; by default an in-memory H2 database is used, so the
 * printed results are still the ones the results page would compute.
 */
public final class PlatformStore implements AutoCloseable {
    static final String ACTOR = "simulate";

    private final Database database;
    private final ExperimentRepository repository;
    private final Catalog catalog = new Catalog();
    private final ExperimentService experiments;
    private final EventWriter writer;
    private final Results results;
    private final Clock clock = Clock.systemUTC();

    private PlatformStore(Database database, KnownRecommenders recommenders) {
        this.database = database;
        this.repository = new ExperimentRepository(database);
        this.experiments = new ExperimentService(repository, catalog, clock, recommenders);
        this.writer = new EventWriter(database, new EventStore(database.dialect(), new Attribution(database.dialect())),
                EventWriter.Limits.DEFAULT);
        this.results = new Results(catalog, new RollupReader(database));
    }

    /** @param recommenders the names the replay can run: the experiment's treatments must use them */
    public static PlatformStore open(String jdbcUrl, KnownRecommenders recommenders) {
        PlatformStore store = new PlatformStore(Database.open(jdbcUrl, 2), recommenders);
        try {
            store.experiments.refresh();
            store.writer.start();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A private, throw-away in-memory database. */
    public static String inMemoryUrl() {
        return "jdbc:h2:mem:simulate-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Makes the experiment exist and run with this definition: created and started if new, updated and started
     * if a draft, reused if it already runs with the same arms (a replay run again adds nothing: event ids repeat).
     */
    public Catalog.Entry prepare(ExperimentDefinition definition) {
        String key = definition.key();
        Optional<Experiment> existing = repository.find(key);
        if (existing.isEmpty()) {
            experiments.create(definition, ACTOR);
        } else {
            Experiment current = existing.get();
            ExperimentDefinition stored = current.definition();
            boolean sameArms = stored.treatments().equals(definition.treatments()) && stored.salt().equals(definition.salt())
                    && stored.unit().equals(definition.unit()) && stored.metrics().equals(definition.metrics());
            if (current.status() == Status.DRAFT) {
                experiments.update(key, definition, ACTOR);
            } else if (current.status() == Status.STOPPED) {
                throw new IllegalArgumentException("experiment '" + key + "' is stopped in the database; replay into a"
                        + " new key");
            } else if (!sameArms || stored.exposurePercent() != definition.exposurePercent()) {
                throw new IllegalArgumentException("experiment '" + key + "' is " + current.status().wireName()
                        + " in the database with a different definition; replay into a new key or the same definition");
            }
        }
        Experiment now = experiments.get(key);
        if (now.status() != Status.RUNNING) {
            experiments.transition(key, now.status() == Status.PAUSED ? Transition.RESUME : Transition.START, ACTOR);
        }
        return catalog.get(key).orElseThrow();
    }

    /**
     * A sink that writes the replay's events through the event writer, as {@code POST /api/v1/events} does after
     * validation: the treatment is the catalog's assignment (checked against the replay's), each batch completes
     * only once committed.
     */
    public ReplaySink sink(Catalog.Entry entry) {
        ExperimentDefinition d = entry.definition();
        ExperimentSnapshot snapshot = new ExperimentSnapshot(d.key(),
                d.metrics().stream().collect(Collectors.toMap(MetricSpec::name, m -> m)));
        return new ReplaySink() {
            private final List<CompletableFuture<?>> pending = new ArrayList<>();

            @Override
            public void accept(List<ReplayEvent> events) {
                List<Event> batch = new ArrayList<>(events.size());
                java.time.Instant received = clock.instant();
                for (ReplayEvent e : events) {
                    Assignment a = Assignments.assign(entry, e.unit());
                    if (!a.treatment().equals(d.treatments().get(e.treatment()).name())
                            || a.inExperiment() != e.inExperiment()) {
                        throw new IllegalStateException("assignment differs for unit " + e.unit() + ": replay "
                                + e.treatment() + "/" + e.inExperiment() + ", platform " + a.treatment() + "/"
                                + a.inExperiment());
                    }
                    batch.add(new Event(e.id(), e.type() == ReplayEvent.Type.EXPOSURE ? EventType.EXPOSURE
                            : EventType.CONVERSION, snapshot, e.unit(), e.at(), received, e.metric(),
                            e.type() == ReplayEvent.Type.EXPOSURE ? 1 : e.value(), a.treatment(), a.inExperiment(), null));
                }
                for (int from = 0; from < batch.size(); from += EventWriter.Limits.DEFAULT.maxEventsPerCommit()) {
                    List<Event> part = batch.subList(from,
                            Math.min(batch.size(), from + EventWriter.Limits.DEFAULT.maxEventsPerCommit()));
                    pending.add(writer.submit(List.copyOf(part)));
                }
                if (pending.size() >= 8) {
                    finish();
                }
            }

            @Override
            public void finish() {
                try {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                } finally {
                    pending.clear();
                }
            }
        };
    }

    /** What the results page shows for each metric of the experiment. */
    public List<ResultsReport> results(String key) {
        ExperimentDefinition d = catalog.get(key).orElseThrow().definition();
        List<ResultsReport> out = new ArrayList<>();
        for (MetricSpec m : d.metrics()) {
            out.add(results.compute(key, m.name(), Results.Options.DEFAULT));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            database.close();
        }
    }
}
