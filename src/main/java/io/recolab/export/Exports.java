package io.recolab.export;

import io.recolab.analysis.Results;
import io.recolab.analysis.ResultsReport;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.domain.DomainError;
import io.recolab.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes an experiment's exports (CONTRACT section 5) to a stream. The HTTP route and the
 * {@code export} command both call this, so a downloaded file and a file written by the command
 * are byte for byte the same. Blocking (JDBC): never on an event loop.
 */
public final class Exports {
    /**
     * One export. {@code metric} null means every metric of the experiment (results and daily);
     * {@code range} filters raw events by timestamp and daily rows by day; the results table has
     * no dates and refuses a range.
     */
    public record Request(String experiment, ExportFile file, ExportFormat format, String metric, Results.Options options,
                          DateRange range) {
        public Request {
            if (experiment == null || file == null || format == null || options == null || range == null) {
                throw new IllegalArgumentException("experiment, file, format, options and range are required");
            }
            if (file == ExportFile.RESULTS && !range.isAll()) {
                throw new IllegalArgumentException("from/to filter daily, exposures and conversions; the results table"
                        + " covers the whole experiment");
            }
            if (file == ExportFile.EXPOSURES && metric != null) {
                throw new IllegalArgumentException("metric filters conversions, daily and results; exposures have none");
            }
        }

        public String fileName() {
            return experiment + "-" + file.fileName(format);
        }
    }

    private final Catalog catalog;
    private final Results results;
    private final Database database;

    public Exports(Catalog catalog, Results results, Database database) {
        this.catalog = catalog;
        this.results = results;
        this.database = database;
    }

    /**
     * What can fail before the first byte is sent (unknown experiment or metric), so that a 404
     * arrives as a 404 and not as a broken download. Cheap: the catalog is in memory.
     */
    public void check(Request r) {
        metrics(r);
    }

    /**
     * @param progress hears the number of rows written so far (every few thousand rows of raw events)
     * @return the number of data rows written
     */
    public long write(Request r, OutputStream out, LongConsumer progress) throws IOException {
        return write(r, out, progress, Cancellation.none());
    }

    /**
     * As {@link #write(Request, OutputStream, LongConsumer)}, stoppable from another thread: raw
     * events stop between pages, or their running query is cancelled in the database.
     *
     * @throws Cancellation.Cancelled once cancelled
     */
    public long write(Request r, OutputStream out, LongConsumer progress, Cancellation cancel) throws IOException {
        List<String> metrics = metrics(r);
        long count = 0;
        switch (r.file()) {
            case RESULTS, DAILY -> {
                try (Rows rows = Rows.open(r.format(), r.file() == ExportFile.RESULTS ? ResultsRows.COLUMNS
                        : DailyRows.COLUMNS, out)) {
                    for (String metric : metrics) {
                        ResultsReport report = results.compute(r.experiment(), metric, r.options());
                        if (r.file() == ExportFile.RESULTS) {
                            ResultsRows.write(report, rows);
                            count += report.treatments().size();
                        } else {
                            count += DailyRows.write(report, r.range(), rows);
                        }
                    }
                }
                progress.accept(count);
            }
            case EXPOSURES, CONVERSIONS -> {
                java.util.Optional<java.time.Instant> rollupOnly = io.recolab.store.Jdbc.read(database,
                        c -> io.recolab.events.RollupOnlyExperiments.since(c, r.experiment()));
                if (rollupOnly.isPresent()) { // before the first byte: an error, not a file holding part of the events
                    throw DomainError.conflict(io.recolab.events.RollupOnlyExperiments.explain(r.experiment(), rollupOnly.get()));
                }
                try (Rows rows = Rows.open(r.format(), EventRows.COLUMNS, out)) {
                    count = EventRows.write(database, selection(r), rows, progress, cancel);
                }
            }
            default -> throw new IllegalStateException("unhandled export " + r.file());
        }
        out.flush();
        return count;
    }

    /**
     * Rows the export will write: exact for raw events (one count query), the treatments x metrics
     * of the results table; daily rows are few and counted as they are written (0 here).
     */
    public long expectedRows(Request r) {
        return switch (r.file()) {
            case EXPOSURES, CONVERSIONS -> EventRows.count(database, selection(r));
            case RESULTS -> (long) metrics(r).size() * catalog.get(r.experiment()).orElseThrow().definition().treatments().size();
            case DAILY -> 0;
        };
    }

    private static EventRows.Selection selection(Request r) {
        return new EventRows.Selection(r.experiment(), r.file() == ExportFile.EXPOSURES ? "exposure" : "conversion",
                r.metric(), r.range());
    }

    private List<String> metrics(Request r) {
        Catalog.Entry entry = catalog.get(r.experiment())
                .orElseThrow(() -> DomainError.notFound("no experiment '" + r.experiment() + "'"));
        ExperimentDefinition d = entry.definition();
        List<String> names = d.metrics().stream().map(MetricSpec::name).toList();
        if (r.metric() == null) {
            return names;
        }
        if (!names.contains(r.metric())) {
            throw DomainError.notFound("experiment '" + r.experiment() + "' has no metric '" + r.metric() + "'; its metrics: "
                    + names);
        }
        return List.of(r.metric());
    }
}
