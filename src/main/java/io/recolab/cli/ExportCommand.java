package io.recolab.cli;

import io.recolab.analysis.Results;
import io.recolab.analysis.RollupReader;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentRepository;
import io.recolab.experiment.ExperimentService;
import io.recolab.export.DateRange;
import io.recolab.export.ExportFile;
import io.recolab.export.ExportFormat;
import io.recolab.export.Exports;
import io.recolab.domain.DomainError;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.TestType;
import io.recolab.store.Database;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export}: the HTTP exports written to files straight from a database, by the same code
 * ({@link Exports}), so the files equal the downloads byte for byte.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write an experiment's exports (the same files as GET /api/v1/experiments/KEY/export/FILE) from a"
                + " database to a directory: results (one row per treatment and metric with every statistic), daily"
                + " (per day, treatment and metric, with the running lift), exposures and conversions (raw events,"
                + " streamed in constant memory).",
                "Files are named KEY-WHAT.FORMAT and written whole or not at all (through a temporary file). An H2"
                        + " database can be opened by one process only: stop the server first, or use PostgreSQL."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "The store, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres or jdbc:h2:file:./data/recolab.")
    String db;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The server's data directory (its H2 database); the default when --db is not given: ./data.")
    Path dataDir;

    @Option(names = "--experiment", required = true, paramLabel = "KEY", description = "The experiment's key.")
    String experiment;

    @Option(names = "--what", defaultValue = "all", paramLabel = "WHAT", split = ",",
            description = "results, daily, exposures, conversions or all; several separated by commas (default ${DEFAULT-VALUE}).")
    List<String> what;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
            description = "csv (RFC 4180) or jsonl (JSON lines) (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Output directory, created if missing (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (UTC) of events and daily rows.")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last day (UTC, inclusive) of events and daily rows.")
    String to;

    @Option(names = "--metric", paramLabel = "NAME", description = "Only this metric (default: every metric of the experiment).")
    String metric;

    @Option(names = "--test", defaultValue = "frequentist", paramLabel = "TEST",
            description = "Statistics of results and daily: frequentist, sequential or bayesian (default ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--correction", defaultValue = "holm", paramLabel = "C",
            description = "Multiple-comparison correction: holm, bh or none (default ${DEFAULT-VALUE}).")
    String correction;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (db != null && dataDir != null) {
            throw new UsageException("give --db or --data-dir, not both");
        }
        ExportFormat fmt;
        List<ExportFile> files;
        DateRange range;
        Results.Options options;
        try {
            fmt = ExportFormat.parse(format);
            files = files(what);
            range = DateRange.parse(from, to);
            options = new Results.Options(TestType.parse("--test", test), Correction.parse("--correction", correction), alpha);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean several = files.size() > 1;
        List<Exports.Request> requests = new ArrayList<>();
        for (ExportFile file : files) {
            try {
                // Asked for several files, a filter applies where it can: exposures have no metric, the results
                // table no dates. Asked for one, a filter it cannot take is refused, as the HTTP download does.
                requests.add(new Exports.Request(experiment, file, fmt, several && file == ExportFile.EXPOSURES ? null : metric,
                        options, several && file == ExportFile.RESULTS ? DateRange.ALL : range));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--what " + file.wireName() + ": " + e.getMessage());
            }
        }
        String url = db != null ? db : Database.h2Url(dataDir != null ? dataDir : Path.of("data"));
        if (db == null && !Database.h2Exists(dataDir != null ? dataDir : Path.of("data"))) {
            throw new UsageException("no recolab database in " + (dataDir != null ? dataDir : Path.of("data")).toAbsolutePath()
                    + " (give --data-dir DIR or --db JDBC_URL)");
        }
        UsageException.checkOutputDirectory("--out", out);
        try (Database database = Database.open(url, 2)) {
            Catalog catalog = new Catalog();
            new ExperimentService(new ExperimentRepository(database), catalog, Clock.systemUTC()).refresh();
            Exports exports = new Exports(catalog, new Results(catalog, new RollupReader(database)), database);
            for (Exports.Request r : requests) {
                check(exports, r);
            }
            Files.createDirectories(out);
            for (Exports.Request r : requests) {
                Path file = write(exports, r);
                System.out.println("wrote " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private static void check(Exports exports, Exports.Request r) {
        try {
            exports.check(r);
        } catch (DomainError e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Path write(Exports exports, Exports.Request r) throws IOException {
        Path target = out.resolve(r.fileName());
        Path partial = out.resolve(r.fileName() + ".partial");
        long expected = exports.expectedRows(r);
        try (Progress progress = Progress.start("export " + r.file().fileName(r.format()), Math.max(1, expected));
             OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial), 256 * 1024)) {
            long rows = exports.write(r, stream, n -> progress.update(n, String.format(Locale.ROOT, "%,d rows", n)));
            progress.update(Math.max(1, expected), String.format(Locale.ROOT, "%,d rows", rows));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static List<ExportFile> files(List<String> names) {
        if (names.size() == 1 && names.get(0).trim().equalsIgnoreCase("all")) {
            return Arrays.asList(ExportFile.values());
        }
        if (names.stream().anyMatch(n -> n.trim().equalsIgnoreCase("all"))) {
            throw new IllegalArgumentException("--what: all stands alone (it means every file), got " + String.join(",", names));
        }
        List<ExportFile> files = new ArrayList<>();
        for (String name : names) {
            try {
                ExportFile f = ExportFile.parse(name.trim());
                if (!files.contains(f)) {
                    files.add(f);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--what: " + e.getMessage() + " or all");
            }
        }
        return files;
    }
}
