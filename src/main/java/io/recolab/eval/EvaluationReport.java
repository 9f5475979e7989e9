package io.recolab.eval;

import io.recolab.data.Targets;
import io.recolab.report.MarkdownHtml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders one evaluation: the stdout tables, {@code results.csv} and {@code cold-start.csv} (CONTRACT section 3
 * header, then extra columns), {@code report.md}, {@code hit-rate.png} and {@code report.html} (the report as one self-contained page). Numbers are formatted with
 * {@link Locale#ROOT}, so files do not depend on the machine's locale.
 */
public final class EvaluationReport {
    /** The contract's header; extra columns may only follow it. */
    public static final String RESULTS_HEADER = "recommender,cutoffs,customers,hit_at_k,hit_ci_low,hit_ci_high,"
            + "recall_at_k,ndcg_at_k,coverage,train_seconds,recommend_seconds";
    public static final String HEADER = RESULTS_HEADER + ",popular_share";

    private final DataSummary data;
    private final Evaluation evaluation;
    private final List<RecommenderRun> runs;
    private final List<PairedComparison> comparisons;

    public EvaluationReport(DataSummary data, Evaluation evaluation, List<RecommenderRun> runs,
                            List<PairedComparison> comparisons) {
        this.data = data;
        this.evaluation = evaluation;
        this.runs = List.copyOf(runs);
        this.comparisons = List.copyOf(comparisons);
    }

    /** Writes results.csv, cold-start.csv, report.md, hit-rate.png and report.html into {@code dir} (created if missing). */
    public List<Path> writeAll(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        Path results = write(dir.resolve("results.csv"), csv(RecommenderRun::result, RecommenderRun::popularShare));
        Path cold = write(dir.resolve("cold-start.csv"),
                csv(RecommenderRun::coldStart, RecommenderRun::coldStartPopularShare));
        Path report = write(dir.resolve("report.md"), markdown());
        Path settings = write(dir.resolve("settings.csv"), settingsCsv());
        Path png = dir.resolve("hit-rate.png");
        List<EvaluationResult> main = runs.stream().map(RecommenderRun::result).toList();
        String subtitle = data.source() + ", " + evaluation.targets().size() + " cutoffs x " + window() + " days, "
                + evaluation.pairs() + " evaluated customer-cutoff pairs";
        HitRateChart.write(main, k(), subtitle, png);
        // The same report as one self-contained page: the chart inline as SVG, nothing to fetch.
        Path html = write(dir.resolve("report.html"), MarkdownHtml.page(markdown(),
                java.util.Map.of("hit-rate.png", HitRateChart.svg(main, k(), subtitle))));
        return List.of(results, cold, report, settings, png, html);
    }

    String csv(Function<RecommenderRun, EvaluationResult> group, java.util.function.ToDoubleFunction<RecommenderRun> share) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (RecommenderRun run : runs) {
            EvaluationResult r = group.apply(run);
            out.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%.6f%n",
                    r.recommender(), r.cutoffs(), r.customers(), r.hitAtK(), r.hitCiLow(), r.hitCiHigh(), r.recallAtK(),
                    r.ndcgAtK(), r.coverage(), r.trainSeconds(), r.recommendSeconds(), share.applyAsDouble(run)));
        }
        return out.toString();
    }

    /**
     * {@code settings.csv}: one row per recommender and cutoff with the settings its model chose by temporal
     * validation inside the training period (empty when fixed), quoted as CSV.
     */
    String settingsCsv() {
        StringBuilder out = new StringBuilder("recommender,cutoff,settings\n");
        for (RecommenderRun run : runs) {
            for (int c = 0; c < run.settings().size(); c++) {
                out.append(run.name()).append(',').append(date(evaluation.targets().get(c).cutoff())).append(',')
                        .append('"').append(run.settings().get(c).replace("\"", "\"\"")).append('"').append('\n');
            }
        }
        return out.toString();
    }

    /** The main table as aligned text for stdout. */
    public String table() {
        return text(RecommenderRun::result, RecommenderRun::popularShare);
    }

    /** The cold-start group as aligned text. */
    public String coldStartTable() {
        return text(RecommenderRun::coldStart, RecommenderRun::coldStartPopularShare);
    }

    private String text(Function<RecommenderRun, EvaluationResult> group,
                        java.util.function.ToDoubleFunction<RecommenderRun> share) {
        int width = Math.max(11, runs.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String kk = String.valueOf(k());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%-" + width + "s %7s %7s %-16s %9s %7s %8s %7s %8s %10s%n", "recommender", "pairs", "hit@" + kk,
                "95% CI", "recall@" + kk, "NDCG@" + kk, "coverage", "top1%", "train s", "recommend s"));
        for (RecommenderRun run : runs) {
            EvaluationResult r = group.apply(run);
            out.append(String.format(Locale.ROOT, "%-" + width + "s %7d %7.4f [%.4f, %.4f] %9.4f %7.4f %8.4f %7.4f %8.2f %10.2f%n",
                    r.recommender(), r.customers(), r.hitAtK(), r.hitCiLow(), r.hitCiHigh(), r.recallAtK(), r.ndcgAtK(),
                    r.coverage(), share.applyAsDouble(run), r.trainSeconds(), r.recommendSeconds()));
        }
        return out.toString();
    }

    /** Paired comparisons as aligned text. */
    public String comparisonTable() {
        int width = Math.max(1, runs.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%-" + width + "s   %-" + width + "s %8s %8s %-18s %7s %7s %10s %10s%n", "A", "B", "pairs", "A - B",
                "95% CI", "only A", "only B", "McNemar p", "Holm p"));
        for (PairedComparison c : comparisons) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s vs %-" + width + "s %7d %+8.4f [%+.4f, %+.4f] %7d %7d %10s %10s%n",
                    c.a(), c.b(), c.pairs(), c.difference(), c.ciLow(), c.ciHigh(), c.onlyA(), c.onlyB(), p(c.pValue()),
                    p(c.adjustedPValue())));
        }
        return out.toString();
    }

    String markdown() {
        Protocol protocol = evaluation.protocol();
        StringBuilder md = new StringBuilder();
        md.append("# Offline evaluation\n\n");
        md.append("## Data\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| source | `").append(data.source()).append("` |\n");
        md.append(String.format(Locale.ROOT, "| rows kept / skipped (malformed) / dropped (format rules) | %,d / %,d / %,d |%n",
                data.kept(), data.skipped(), data.dropped()));
        md.append(String.format(Locale.ROOT, "| interactions / customers / items | %,d / %,d / %,d |%n", data.interactions(),
                data.customers(), data.items()));
        md.append("| time span (UTC) | ").append(date(data.firstTime())).append(" to ").append(date(data.lastTime()))
                .append(" |\n\n");

        md.append("## Protocol\n\n");
        md.append(String.format(Locale.ROOT, "- %d cutoffs T = end - j x %s days (j = %d..1), end = %s; training = interactions"
                        + " before T; window = [T, T + %s days).%n", protocol.cutoffs(), window(), protocol.cutoffs(),
                date(data.lastTime()), window()));
        md.append("- Evaluated (customer, cutoff) pairs: customers with history before T and at least one item in the"
                + " window they had not interacted with before T (their new items). Items the customer had before T"
                + " are never recommended.\n");
        md.append(String.format(Locale.ROOT, "- k = %d recommendations per customer; hit@k, recall@k and NDCG@k pooled over all"
                + " pairs; coverage = distinct recommended items / %,d catalogue items.%n", k(), data.items()));
        md.append(String.format(Locale.ROOT, "- 95%% percentile bootstrap intervals, %,d resamples of customers (a customer"
                + " evaluated at several cutoffs is resampled as one unit), seed %d.%n", evaluation.resamples(),
                evaluation.seed()));
        md.append("- top1% (`popular_share`): share of recommended slots filled with the top 1% of items by distinct"
                + " customers before the cutoff (ceil(1% of the items seen before it), ties by item id).\n");
        md.append("- Cold-start customers (no history before T, at least one interaction in the window) are a separate"
                + " group: every recommender answers them with the bestseller fallback; their relevant items are all"
                + " items of the window.\n\n");
        md.append("| cutoff (UTC) | training interactions | evaluated customers | new items per customer | cold-start customers |\n");
        md.append("|---|---|---|---|---|\n");
        List<Targets> cold = evaluation.coldStartTargets();
        for (int c = 0; c < evaluation.targets().size(); c++) {
            Targets t = evaluation.targets().get(c);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,d |%n", date(t.cutoff()),
                    evaluation.log().positionOf(t.cutoff()), t.size(),
                    t.size() == 0 ? 0.0 : (double) t.newItems().length / t.size(), cold.get(c).size()));
        }

        md.append("\n## Results\n\n");
        md.append(mdTable(RecommenderRun::result, RecommenderRun::popularShare));
        md.append("\n![hit@").append(k()).append(" per recommender](hit-rate.png)\n\n");

        md.append("## Chosen settings\n\n");
        md.append("Settings each recommender chose per cutoff by temporal validation inside its training period (the"
                + " last 14 days before the cutoff as validation, hit@6 on their new items, then refitted on the whole"
                + " training period); nothing after the cutoff is seen. Recommenders with fixed settings are not listed."
                + " Also in `settings.csv`.\n\n");
        boolean any = false;
        for (RecommenderRun run : runs) {
            for (int c = 0; c < run.settings().size(); c++) {
                String chosen = run.settings().get(c);
                if (!chosen.isEmpty()) {
                    if (!any) {
                        md.append("| recommender | cutoff (UTC) | chosen (validation hit@k per candidate) |\n|---|---|---|\n");
                        any = true;
                    }
                    md.append("| ").append(run.name()).append(" | ").append(date(evaluation.targets().get(c).cutoff()))
                            .append(" | ").append(chosen.replace("|", "\\|")).append(" |\n");
                }
            }
        }
        md.append(any ? "\n" : "None: every recommender here has fixed settings.\n\n");

        md.append("## Cold-start customers (separate group, not in the results above)\n\n");
        md.append(mdTable(RecommenderRun::coldStart, RecommenderRun::coldStartPopularShare));
        md.append("\nTraining time is the same models' as above; recommend time is for this group only.\n\n");

        md.append("## Paired comparisons\n\n");
        md.append("Every recommender is evaluated on the same pairs. A - B is the difference in hit@").append(k())
                .append(" with a 95% paired bootstrap interval (resampling customers); only A / only B count the pairs"
                        + " where exactly one of them hit; the p-value is McNemar's exact test on those, and Holm's"
                        + " adjustment is across all ").append(comparisons.size()).append(" comparisons.\n\n");
        md.append("| A | B | pairs | hit A | hit B | A - B | 95% CI | only A | only B | McNemar p | Holm p |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PairedComparison c : comparisons) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.4f | %.4f | %+.4f | [%+.4f, %+.4f] | %,d | %,d | %s | %s |%n",
                    c.a(), c.b(), c.pairs(), c.hitA(), c.hitB(), c.difference(), c.ciLow(), c.ciHigh(), c.onlyA(),
                    c.onlyB(), p(c.pValue()), p(c.adjustedPValue())));
        }
        return md.toString();
    }

    private String mdTable(Function<RecommenderRun, EvaluationResult> group,
                           java.util.function.ToDoubleFunction<RecommenderRun> share) {
        String kk = String.valueOf(k());
        StringBuilder md = new StringBuilder("| recommender | pairs | hit@" + kk + " | 95% CI | recall@" + kk + " | NDCG@" + kk
                + " | coverage | top1% | train s | recommend s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (RecommenderRun run : runs) {
            EvaluationResult r = group.apply(run);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.4f | %.4f-%.4f | %.4f | %.4f | %.4f | %.4f | %.2f | %.2f |%n",
                    r.recommender(), r.customers(), r.hitAtK(), r.hitCiLow(), r.hitCiHigh(), r.recallAtK(), r.ndcgAtK(),
                    r.coverage(), share.applyAsDouble(run), r.trainSeconds(), r.recommendSeconds()));
        }
        return md.toString();
    }

    private int k() {
        return evaluation.protocol().k();
    }

    private String window() {
        double days = evaluation.protocol().window().toSeconds() / 86_400.0;
        return days == Math.rint(days) ? String.valueOf((long) days) : String.format(Locale.ROOT, "%.2f", days);
    }

    static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    static String date(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
