package io.recolab.cli;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.data.LoadResult;
import io.recolab.eval.DataSummary;
import io.recolab.eval.Evaluation;
import io.recolab.eval.EvaluationReport;
import io.recolab.eval.PairedComparison;
import io.recolab.eval.Protocol;
import io.recolab.eval.RecommenderRun;
import io.recolab.data.Targets;
import io.recolab.recommend.RecommenderRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Offline evaluation on chronological cutoffs (CONTRACT section 3): train each recommender on the"
                + " data before each cutoff, recommend k items to every customer with history and a new item in the"
                + " following window, and report hit@k (95%% bootstrap interval), recall@k, NDCG@k, coverage, the share"
                + " of popular items, timings, a cold-start group and paired comparisons.",
                "Writes results.csv, cold-start.csv, report.md, settings.csv (settings chosen per cutoff by temporal validation), hit-rate.png and report.html (the report as one self-contained page, chart inline) to --out."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FORMAT:PATH",
            description = "movielens:PATH, online-retail:PATH, events:PATH or synthetic:key=value,...")
    String data;

    @Option(names = "--recommenders", split = ",", paramLabel = "NAME",
            description = "Comma-separated recommender names (default: every registered one).")
    List<String> recommenders;

    @Option(names = "--cutoffs", defaultValue = "4", description = "Number of cutoffs K (default ${DEFAULT-VALUE}).")
    int cutoffs;

    @Option(names = "--window-days", defaultValue = "14",
            description = "Window length and cutoff spacing in days (default ${DEFAULT-VALUE}).")
    int windowDays;

    @Option(names = "--k", defaultValue = "6", description = "Recommendations per customer (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--out", defaultValue = "evaluation", paramLabel = "DIR",
            description = "Output directory, created if missing (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "" + Evaluation.SEED,
            description = "Seed of the bootstrap (default ${DEFAULT-VALUE}); same data and seed, same numbers.")
    long seed;

    @Option(names = "--resamples", defaultValue = "" + Evaluation.RESAMPLES,
            description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--param", paramLabel = "NAME.KEY=VALUE",
            description = "A recommender's hyper-parameter, repeatable, e.g. autoencoder.hidden=200 "
                    + "(keys: see README, 'Autoencoders').")
    List<String> params;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        UsageException.checkOutputDirectory("--out", out);
        Protocol protocol = protocol(cutoffs, windowDays, k);
        if (resamples < 10 || resamples > 1_000_000) {
            throw new UsageException("--resamples must be in 10..1000000, got " + resamples);
        }
        RecommenderRegistry registry = RecommenderRegistry.defaults();
        List<String> names = DataOptions.recommenders(registry, recommenders);
        RecommenderParams configured = RecommenderParams.parse(registry, params);
        DataSource source = DataOptions.source(data);
        LoadResult load = DataOptions.load(source);
        Interactions log = load.interactions();
        long[] cutoffTimes = checkedCutoffs(log, protocol);
        Evaluation evaluation = new Evaluation(log, protocol, cutoffTimes, seed, resamples);
        if (evaluation.pairs() == 0) {
            throw new UsageException("no customer to evaluate: no customer with history has a new item in any window"
                    + " (try fewer --cutoffs or a longer --window-days)");
        }
        for (Targets t : evaluation.targets()) {
            if (t.size() == 0) {
                System.err.println("warning: no evaluated customer at cutoff " + Instant.ofEpochSecond(t.cutoff()));
            }
        }
        List<RecommenderRun> runs = new ArrayList<>();
        int steps = names.size() * cutoffTimes.length;
        try (Progress progress = Progress.start("evaluate", steps)) {
            for (int r = 0; r < names.size(); r++) {
                String name = names.get(r);
                int done = r * cutoffTimes.length;
                runs.add(evaluation.evaluate(name, configured.create(name), new Evaluation.Listener() {
                    @Override
                    public void training(int cutoff) {
                        progress.update(done + cutoff, name + " @ " + day(cutoffTimes[cutoff]));
                    }

                    @Override
                    public void finished(int cutoff) {
                        progress.update(done + cutoff + 1, name + " @ " + day(cutoffTimes[cutoff]));
                    }
                }));
            }
        }
        List<PairedComparison> comparisons = PairedComparison.all(runs, evaluation);
        EvaluationReport report = new EvaluationReport(DataSummary.of(source.toString(), load), evaluation, runs,
                comparisons);
        List<Path> files = report.writeAll(out);
        System.out.printf("%s: %,d rows kept, %,d skipped, %,d dropped; %d cutoffs from %s, window %d days, k = %d;"
                        + " %,d evaluated customer-cutoff pairs%n%n", source, load.kept(), load.skipped(), load.dropped(),
                cutoffTimes.length, day(cutoffTimes[0]), windowDays, k, evaluation.pairs());
        System.out.print(report.table());
        int cold = evaluation.coldStartTargets().stream().mapToInt(Targets::size).sum();
        System.out.printf("%nCold-start customers (no history before the cutoff; separate group, %,d pairs):%n", cold);
        System.out.print(report.coldStartTable());
        System.out.printf("%nPaired comparisons (same pairs; McNemar's exact test, Holm-adjusted):%n");
        System.out.print(report.comparisonTable());
        System.out.printf("%nwrote %s (%s)%n", out, String.join(", ",
                files.stream().map(f -> f.getFileName().toString()).toList()));
        System.out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    static Protocol protocol(int cutoffs, int windowDays, int k) {
        if (cutoffs < 1 || cutoffs > 1000) {
            throw new UsageException("--cutoffs must be in 1..1000, got " + cutoffs);
        }
        if (windowDays < 1 || windowDays > 3650) {
            throw new UsageException("--window-days must be in 1..3650, got " + windowDays);
        }
        if (k < 1 || k > 1000) {
            throw new UsageException("--k must be in 1..1000, got " + k);
        }
        return new Protocol(cutoffs, Duration.ofDays(windowDays), k);
    }

    /** The contract's cutoffs, refused when the earliest leaves no training data or no window holds an interaction. */
    static long[] checkedCutoffs(Interactions log, Protocol protocol) {
        if (log.size() == 0) {
            throw new UsageException("--data holds no interactions");
        }
        long[] times = protocol.cutoffTimes(log);
        long window = protocol.window().toSeconds();
        if (times[0] <= log.firstTime()) {
            long fit = Math.max(0, (log.lastTime() - log.firstTime() - 1) / window);
            throw new UsageException(String.format("--cutoffs %d with --window-days %d puts the first cutoff at %s, not after"
                            + " the first interaction (%s): at most %d cutoffs fit", protocol.cutoffs(), window / 86_400,
                    day(times[0]), day(log.firstTime()), fit));
        }
        // An empty window adds no pair to the pooled figures (the contract pools over cutoffs), so it is said and
        // passed over; only when every window is empty is there nothing to evaluate.
        int empty = 0;
        for (long t : times) {
            if (log.positionOf(t + window) == log.positionOf(t)) {
                empty++;
                System.err.println("warning: the window [" + day(t) + ", " + day(t + window) + ") holds no interaction;"
                        + " the cutoff " + day(t) + " adds no customer");
            }
        }
        if (empty == times.length) {
            throw new UsageException("every window holds no interaction (" + day(times[0]) + " to "
                    + day(times[times.length - 1] + window) + "); use a longer --window-days or fewer --cutoffs");
        }
        return times;
    }

    static String day(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString().replace("T00:00:00Z", "");
    }
}
