package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import io.recolab.eval.EvaluationReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} end to end through {@link Main#run}: files, header, chart, errors and exit codes. */
class EvaluateCommandTest {
    private static final String SYNTHETIC = "synthetic:customers=600,items=200,days=120,seed=5";
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    @TempDir
    Path tmp;


    @Test
    void writesTheContractFilesAndRepeatsWithTheSameSeed() throws Exception {
        Path dir = tmp.resolve("out");
        int code = Main.run("evaluate", "--data", SYNTHETIC, "--recommenders", "bestseller,item-to-item",
                "--cutoffs", "2", "--out", dir.toString(), "--resamples", "200");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv.get(0)).startsWith(
                "recommender,cutoffs,customers,hit_at_k,hit_ci_low,hit_ci_high,recall_at_k,ndcg_at_k,coverage,"
                        + "train_seconds,recommend_seconds");
        assertThat(csv.get(0)).isEqualTo(EvaluationReport.HEADER);
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).startsWith("bestseller,2,");
        assertThat(csv.get(2)).startsWith("item-to-item,2,");
        assertThat(Files.readAllLines(dir.resolve("cold-start.csv")).get(0)).isEqualTo(EvaluationReport.HEADER);
        // What each model chose inside its training period, per cutoff: bestseller nothing, item-to-item its grid point.
        List<String> settings = Files.readAllLines(dir.resolve("settings.csv"));
        assertThat(settings.get(0)).isEqualTo("recommender,cutoff,settings");
        assertThat(settings).hasSize(5);
        assertThat(settings.get(1)).startsWith("bestseller,").endsWith(",\"\"");
        assertThat(settings.get(3)).startsWith("item-to-item,").contains("\"related,half-life=");
        byte[] png = Files.readAllBytes(dir.resolve("hit-rate.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        var image = ImageIO.read(dir.resolve("hit-rate.png").toFile());
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(800);
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("## Results", "## Chosen settings", "| item-to-item | ", "## Cold-start customers", "## Paired comparisons", "rows kept",
                "| bestseller | item-to-item |", "hit-rate.png");
        // The same report as one self-contained page: the chart inline, every table, nothing fetched.
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>Results</h2>", "<h2>Paired comparisons</h2>",
                "<td>bestseller</td>", "<figure role=\"img\"", "<svg", "<td>synthetic:customers=").doesNotContain("<script",
                "src=\"http", "hit-rate.png\"", "<img");
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout).contains("recommender", "hit@6", "Cold-start", "McNemar");
        // not a terminal here: plain progress lines on stderr
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("evaluate: ", "bestseller @");

        Path again = tmp.resolve("again");
        assertThat(Main.run("evaluate", "--data", SYNTHETIC, "--recommenders", "bestseller,item-to-item",
                "--cutoffs", "2", "--out", again.toString(), "--resamples", "200")).isZero();
        assertThat(withoutTimes(Files.readAllLines(again.resolve("results.csv")))).isEqualTo(withoutTimes(csv));
    }

    /** Drops train_seconds and recommend_seconds (wall time), keeping every other column. */
    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> {
            String[] f = l.split(",");
            return String.join(",", List.of(f).subList(0, 9)) + "," + f[11];
        }).toList();
    }

    /** Windows without interactions add no pair; the others are still evaluated and pooled (red-team, 2026-12-07). */
    @Test
    void anEmptyWindowIsSaidAndPassedOver() throws Exception {
        Path events = tmp.resolve("gaps.csv");
        Files.writeString(events, "customer,item,timestamp\n"
                + "a,x,2024-01-01T00:00:00Z\nb,x,2024-01-02T00:00:00Z\na,y,2024-01-20T00:00:00Z\n"
                + "b,y,2024-01-21T00:00:00Z\na,z,2024-02-20T00:00:00Z\n");
        Path dir = tmp.resolve("gaps-out");
        int code = Main.run("evaluate", "--data", "events:" + events, "--recommenders", "bestseller", "--cutoffs", "4",
                "--window-days", "12", "--out", dir.toString());
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        assertThat(stderr).contains("the window [2024-01-03, 2024-01-15) holds no interaction");
        // Only [2024-01-15, 2024-01-27) holds one: a and b, each with a new item y.
        assertThat(Files.readAllLines(dir.resolve("results.csv")).get(1)).startsWith("bestseller,4,2,");
    }

    @Test
    void badArgumentsAreUsageErrorsOnOneLine() throws Exception {
        Path events = tmp.resolve("events.csv");
        Files.writeString(events, "customer,item,timestamp\n"
                + "a,x,2024-01-01T00:00:00Z\nb,x,2024-01-02T00:00:00Z\na,y,2024-01-20T00:00:00Z\n"
                + "b,y,2024-01-21T00:00:00Z\na,z,2024-02-20T00:00:00Z\n");
        String data = "events:" + events;
        expectUsage("unknown recommender 'nope'", "evaluate", "--data", data, "--recommenders", "bestseller,nope");
        expectUsage("at most 4 cutoffs fit", "evaluate", "--data", data, "--cutoffs", "5", "--window-days", "12");
        expectUsage("every window holds no interaction (2024-01-31 to 2024-02-20)", "evaluate", "--data", data,
                "--cutoffs", "2", "--window-days", "10");
        expectUsage("file not found", "evaluate", "--data", "movielens:" + tmp.resolve("missing.data"));
        expectUsage("unknown data format 'csv'", "evaluate", "--data", "csv:" + events);
        expectUsage("--window-days must be in 1..3650, got 0", "evaluate", "--data", data, "--window-days", "0");
        expectUsage("--k must be", "evaluate", "--data", data, "--k", "0");
        Path garbage = tmp.resolve("garbage.data");
        Files.writeString(garbage, "this is not\na ratings file\nat all\n");
        expectUsage("--data:", "evaluate", "--data", "movielens:" + garbage);
        expectUsage("unknown autoencoder parameter 'depth'", "evaluate", "--data", data, "--param", "autoencoder.depth=3");
        expectUsage("autoencoder parameter hidden: not a number", "evaluate", "--data", data, "--param", "autoencoder.hidden=big");
        expectUsage("recommender 'bestseller' takes no --param", "evaluate", "--data", data, "--param", "bestseller.window=7");
        expectUsage("unknown recommender 'nope'", "evaluate", "--data", data, "--param", "nope.x=1");
        expectUsage("--param must look like NAME.KEY=VALUE", "evaluate", "--data", data, "--param", "hidden=3");
        assertThat(Main.run("evaluate", "--data", data, "--cutoffs", "many")).isEqualTo(2);
        assertThat(Main.run("evaluate")).isEqualTo(2); // --data is required
    }

    @Test
    void helpListsTheOptions() {
        assertThat(Main.run("evaluate", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data", "--recommenders", "--cutoffs",
                "--window-days", "--k", "--out", "--seed");
    }

    private void expectUsage(String message, String... args) {
        err.reset();
        assertThat(Main.run(args)).as(String.join(" ", args)).isEqualTo(2);
        String stderr = err.toString(StandardCharsets.UTF_8);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(stderr).hasSize(1);
        assertThat(errors.get(0)).contains(message);
        assertThat(stderr).doesNotContain("\tat ");
    }
}
