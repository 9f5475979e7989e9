package io.recolab.cli;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.data.LoadResult;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.InvalidDefinition;
import io.recolab.experiment.KnownRecommenders;
import io.recolab.experiment.Treatment;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.export.ResultsRows;
import io.recolab.analysis.ResultsReport;
import io.recolab.experiment.MetricSpec;
import io.recolab.report.ResultsHtml;
import io.recolab.simulate.PlatformStore;
import io.recolab.simulate.Replay;
import io.recolab.simulate.ReplayEvent;
import io.recolab.simulate.ReplaySink;
import io.recolab.simulate.ResultsTable;
import io.recolab.simulate.Tally;
import io.recolab.stats.SufficientStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay an A/B test on a log through the platform's assignment hash and statistics: customers"
                + " active in the replay period are assigned by the experiment's hash, shown the top 6 of their"
                + " treatment's recommender (trained on the data before --from), and convert when they consume a"
                + " shown item within the metric's window. Prints each metric's results with lift, 95%% CI, p-value"
                + " and the sample-ratio check.",
                "Default period: the 14 days (--days) that end one metric window (of the first metric) before the"
                        + " end of the data, so every exposure has a full window."})
final class SimulateCommand implements Callable<Integer> {
    static final long DAY = 86_400;

    @Option(names = "--experiment", required = true, paramLabel = "FILE",
            description = "Experiment definition (JSON, CONTRACT section 4), e.g. experiments/homepage-recs.json.")
    Path experiment;

    @Option(names = "--data", required = true, paramLabel = "FORMAT:PATH",
            description = "movielens:PATH, online-retail:PATH, events:PATH or synthetic:key=value,...")
    String data;

    @Option(names = "--from", paramLabel = "DATE",
            description = "Start of the replay (UTC), YYYY-MM-DD or an ISO-8601 instant (default: end of data - --days"
                    + " - the first metric's windowDays, at midnight).")
    String from;

    @Option(names = "--days", defaultValue = "14", description = "Length of the replay period in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Write the experiment and its events to this store (the server's database, e.g."
                    + " jdbc:h2:file:./data/recolab or jdbc:postgresql://...) so the UI shows the results (default: a"
                    + " private in-memory database).")
    String db;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write each metric's results as CSV (the results page's ?format=csv) to DIR/results-<metric>.csv,"
                    + " and all of them with their charts as one self-contained page, DIR/results.html.")
    Path out;

    @Option(names = "--seed", paramLabel = "S",
            description = "Re-randomise the assignment: the salt becomes <salt>-<S> (default: the definition's salt,"
                    + " i.e. exactly the server's assignment).")
    Long seed;

    @Option(names = "--n", defaultValue = "6", description = "Items shown per customer (default ${DEFAULT-VALUE}).")
    int shown;

    @Option(names = "--compare-designs", paramLabel = "SEEDS",
            description = "For a definition with two treatments: replay both designs (A/B split and team-draft"
                    + " interleaving) on the same customers for SEEDS seeds (from --seed, default 1) and print how many"
                    + " customers each needs to reach p < 0.05 in the A/B test's final direction (docs/interleaving.md).")
    Integer compareDesigns;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        UsageException.checkOutputDirectory("--out", out);
        if (days < 1 || days > 3650) {
            throw new UsageException("--days must be in 1..3650, got " + days);
        }
        if (shown < 1 || shown > 1000) {
            throw new UsageException("--n must be in 1..1000, got " + shown);
        }
        ExperimentDefinition declared = readDefinition(experiment);
        ExperimentDefinition definition = withSeed(declared, seed);
        RecommenderRegistry registry = RecommenderRegistry.defaults();
        KnownRecommenders known = KnownRecommenders.of(registry);
        try {
            known.check(definition);
        } catch (InvalidDefinition e) {
            throw new UsageException("experiment " + definition.key() + ": " + e.getMessage());
        }
        DataSource source = DataOptions.source(data);
        LoadResult load = DataOptions.load(source);
        Interactions log = load.interactions();
        if (log.size() == 0) {
            throw new UsageException("--data holds no interactions");
        }
        int window = definition.primaryMetric().windowDays();
        long start = from == null ? floorDay(log.lastTime() - (days + (long) window) * DAY) : parseFrom(from);
        long end = start + days * DAY;
        if (start <= log.firstTime()) {
            throw new UsageException("--from " + Instant.ofEpochSecond(start) + " is not after the first interaction ("
                    + Instant.ofEpochSecond(log.firstTime()) + "): nothing to train on");
        }
        if (log.positionOf(end) == log.positionOf(start)) {
            throw new UsageException("no customer is active in the replay period [" + Instant.ofEpochSecond(start) + ", "
                    + Instant.ofEpochSecond(end) + ") (data ends " + Instant.ofEpochSecond(log.lastTime()) + ")");
        }
        int longest = definition.metrics().stream().mapToInt(m -> m.windowDays()).max().orElse(window);
        if (end + longest * DAY > log.lastTime() + 1) {
            System.err.println("warning: the data ends " + Instant.ofEpochSecond(log.lastTime()) + ", before the last"
                    + " exposures' metric windows close: late visitors have less time to convert");
        }
        if (definition.isInterleaving() || compareDesigns != null) {
            return interleaving(compareDesigns != null ? declared : definition, log, registry, source, start, end, started);
        }
        Tally tally = new Tally(definition);
        Replay.Summary summary;
        List<ResultsReport> reports;
        int trainSteps = (int) definition.treatments().stream().map(Treatment::recommender).distinct().count();
        try (PlatformStore store = PlatformStore.open(db == null ? PlatformStore.inMemoryUrl() : db, known)) {
            ReplaySink storeSink = store.sink(store.prepare(definition));
            ReplaySink both = new ReplaySink() {
                @Override
                public void accept(List<ReplayEvent> events) {
                    tally.accept(events);
                    storeSink.accept(events);
                }

                @Override
                public void finish() {
                    storeSink.finish();
                }
            };
            try (Progress progress = Progress.start("simulate", trainSteps + 1)) {
                summary = new Replay(definition, log, registry::create, shown).run(start, end, both, new Replay.Listener() {
                    @Override
                    public void training(String recommender, int index, int of) {
                        progress.update(index, "training " + recommender);
                    }

                    @Override
                    public void replayed(int done, int of) {
                        progress.update(trainSteps + (double) done / of, "replaying " + done + "/" + of + " visitors");
                    }
                });
            }
            reports = store.results(definition.key());
        }
        crossCheck(definition, tally, reports);
        System.out.printf("experiment %s on %s (%,d rows kept, %,d skipped, %,d dropped)%n", definition.key(), source,
                load.kept(), load.skipped(), load.dropped());
        System.out.printf("replay [%s, %s), recommenders trained on the data before %s; %,d visitors, %,d in the"
                        + " experiment, %,d without history (shown the bestseller fallback); %,d exposures, %,d conversions"
                        + "%n%n", summary.from(), summary.to(), summary.from(), summary.visitors(), summary.inExperiment(),
                summary.withoutHistory(), summary.exposures(), summary.conversions());
        for (ResultsReport r : reports) {
            System.out.print(ResultsTable.render(r));
            System.out.println();
        }
        if (out != null) {
            for (ResultsReport r : reports) {
                Path file = out.resolve("results-" + r.metric() + ".csv");
                try {
                    Files.createDirectories(out);
                    Files.writeString(file, ResultsRows.csv(r), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
                }
                System.out.println("wrote " + file);
            }
            Path html = out.resolve("results.html");
            String notes = String.format(java.util.Locale.ROOT, "replay [%s, %s) of %s; recommenders trained on the data"
                    + " before %s; %,d visitors, %,d in the experiment; %,d exposures, %,d conversions", summary.from(),
                    summary.to(), source, summary.from(), summary.visitors(), summary.inExperiment(), summary.exposures(),
                    summary.conversions());
            try {
                Files.writeString(html, ResultsHtml.page("Replayed experiment " + definition.key(), List.of(notes), reports),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + html + ": " + e.getMessage(), e);
            }
            System.out.println("wrote " + html);
        }
        if (db != null) {
            System.out.println("events written to " + db.replaceAll("(?i)(password=)[^&;]*", "$1***")
                    + "; the results page of '" + definition.key() + "' shows these numbers");
        }
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** The in-memory tally and the store's rollups must agree unit for unit; a difference is a platform bug. */
    static void crossCheck(ExperimentDefinition definition, Tally tally, List<ResultsReport> reports) {
        for (ResultsReport r : reports) {
            MetricSpec metric = definition.metrics().stream().filter(m -> m.name().equals(r.metric())).findFirst()
                    .orElseThrow();
            SufficientStats[] expected = tally.stats(metric);
            for (int t = 0; t < expected.length; t++) {
                ResultsReport.TreatmentResult got = r.treatments().get(t);
                if (got.units() != expected[t].n() || Math.abs(got.sum() - expected[t].sum()) > 1e-6) {
                    System.err.printf("warning: %s %s: the store counts %d units / %.2f, the replay %d / %.2f%n",
                            r.metric(), got.name(), got.units(), got.sum(), expected[t].n(), expected[t].sum());
                }
            }
        }
    }

    static ExperimentDefinition readDefinition(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--experiment: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        ExperimentDefinition d;
        try {
            d = DefinitionJson.parse(json);
        } catch (RuntimeException e) {
            throw new UsageException("--experiment " + file + ": " + Main.oneLine(e));
        }
        if (d.targeting() != null) {
            // A replayed log has no unit attributes: ignoring the targeting would simulate another population.
            throw new UsageException("--experiment " + file + ": targeting cannot be simulated (the interaction log"
                    + " carries no unit attributes); remove it for the simulation");
        }
        if (d.layer() != null) {
            // The replay assigns every customer of the log; a layer range would leave some out of the
            // platform's own count but not of the replay's tally. Its effect is only a smaller sample.
            throw new UsageException("--experiment " + file + ": layer cannot be simulated (one experiment replays"
                    + " the whole log); remove it for the simulation");
        }
        for (io.recolab.experiment.MetricSpec m : d.metrics()) {
            if (m.unitLevel()) {
                // The replay checks its results against an in-memory tally of the same sums; capped, CUPED
                // and ratio metrics are analysed from per-unit values it does not tally.
                throw new UsageException("--experiment " + file + ": metric " + m.name() + " (ratio, cap or cuped)"
                        + " cannot be simulated yet; remove those fields for the simulation");
            }
        }
        return d;
    }

    /**
     * An interleaving replay (in memory: the team-draft lists and their credits are computed from the log as the
     * server would, coins seeded by (salt, unit)), or with --compare-designs both designs on the same customers.
     */
    private int interleaving(ExperimentDefinition definition, Interactions log, RecommenderRegistry registry,
                             DataSource source, long start, long end, long started) {
        if (definition.treatments().size() != 2) {
            throw new UsageException("--compare-designs needs a definition with exactly 2 treatments, got "
                    + definition.treatments().size());
        }
        if (compareDesigns != null && (compareDesigns < 1 || compareDesigns > 1000)) {
            throw new UsageException("--compare-designs must be in 1..1000, got " + compareDesigns);
        }
        var visits = io.recolab.interleave.InterleavingReplay.visits(definition, log, registry::create, shown, start, end);
        System.out.printf("experiment %s on %s: replay [%s, %s), recommenders trained on the data before %s;"
                        + " %,d visitors, %d items shown each; items both lists hold credit %s%n%n", definition.key(), source,
                Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), Instant.ofEpochSecond(start), visits.size(), shown,
                definition.sharedItems() == io.recolab.experiment.SharedItems.NEUTRAL ? "nobody (sharedItems neutral)"
                        : "their picker (sharedItems picker)");
        if (compareDesigns != null) {
            long first = seed == null ? 1 : seed;
            var rows = io.recolab.interleave.DesignComparison.run(definition, visits, shown, first, compareDesigns, 0.05);
            System.out.print(io.recolab.interleave.InterleavingTable.render(rows, 0.05));
            System.out.println();
            System.out.print(io.recolab.interleave.InterleavingTable.render(
                    io.recolab.interleave.DesignComparison.plan(definition, visits, shown, first, compareDesigns, 0.05)));
        } else {
            var allocation = definition.allocation();
            long a = 0;
            long b = 0;
            long ties = 0;
            for (var v : visits) {
                if (!io.recolab.assign.Assigner.inExperiment(io.recolab.assign.Assigner.assign(allocation, v.unit()))) {
                    continue;
                }
                var p = v.preference(shown, io.recolab.interleave.TeamDraft.seed(definition.salt(), v.unit(), "sim"),
                        definition.sharedItems());
                a += p == io.recolab.interleave.Preference.A ? 1 : 0;
                b += p == io.recolab.interleave.Preference.B ? 1 : 0;
                ties += p == io.recolab.interleave.Preference.TIE ? 1 : 0;
            }
            System.out.print(io.recolab.interleave.InterleavingTable.render(definition,
                    io.recolab.interleave.InterleavingSummary.of(a, b, ties)));
        }
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    static ExperimentDefinition withSeed(ExperimentDefinition d, Long seed) {
        if (seed == null) {
            return d;
        }
        String salt = d.salt() + "-" + Long.toUnsignedString(seed);
        if (salt.length() > 64) {
            throw new UsageException("--seed: the salt '" + salt + "' would be longer than 64 characters");
        }
        return d.withSalt(salt);
    }

    static long parseFrom(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new UsageException("--from must be YYYY-MM-DD or an ISO-8601 instant like 2011-11-01T00:00:00Z, got '"
                    + text + "'");
        }
    }

    static long floorDay(long epochSeconds) {
        return Math.floorDiv(epochSeconds, DAY) * DAY;
    }
}
