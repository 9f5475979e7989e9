package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.recolab.testing.Stores;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulateCommandTest {
    private static final String SYNTHETIC = "synthetic:customers=2000,items=300,days=100,seed=4";
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    @TempDir
    Path tmp;


    private Path experiment(String control, String treatment) throws Exception {
        Path file = tmp.resolve(control + "-" + treatment + ".json");
        Files.writeString(file, """
                {"key": "sim-test", "treatments": [{"name": "C", "weight": 1, "recommender": "%s"},
                                                   {"name": "T1", "weight": 1, "recommender": "%s"}],
                 "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14}]}
                """.formatted(control, treatment));
        return file;
    }

    @Test
    void printsTheResultsTableAndRepeats() throws Exception {
        Path file = experiment("bestseller", "item-to-item");
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        String first = out.toString(StandardCharsets.UTF_8);
        assertThat(first).contains("experiment sim-test", "treatment", "rel. lift", "p-value", "SRM:", "bestseller",
                "item-to-item", "(control)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("simulate: ");
        out.reset();
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC)).isZero();
        assertThat(withoutTiming(out.toString(StandardCharsets.UTF_8))).isEqualTo(withoutTiming(first));
        out.reset();
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC, "--seed", "9",
                "--from", "2024-03-01", "--days", "7")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay [");
    }

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void writesToTheServersDatabaseAndTheResultsCsv(Stores.Kind kind) throws Exception {
        String db = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema()
                : "jdbc:h2:file:" + tmp.resolve("data").resolve("recolab") + ";DB_CLOSE_ON_EXIT=FALSE";
        try {
            writesTo(db, kind == Stores.Kind.POSTGRESQL ? "jdbc:postgresql:" : "jdbc:h2:file:");
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(db);
            }
        }
    }

    private void writesTo(String db, String shownUrlPrefix) throws Exception {
        Path file = experiment("bestseller", "item-to-item");
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC, "--db", db, "--out",
                tmp.resolve("out").toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve("results-purchase.csv"));
        assertThat(csv.get(0)).startsWith("experiment,metric,treatment,recommender,units,conversions");
        assertThat(csv).hasSize(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("events written to " + shownUrlPrefix);
        String html = Files.readString(tmp.resolve("out").resolve("results.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Replayed experiment sim-test", "Metric purchase",
                "<td>item-to-item</td>", "(control)").doesNotContain("<script");
        assertThat(html.split("<svg", -1)).hasSize(1 + 4); // the effect chart and the three over time, inline
        // again into the same database: the event ids repeat, nothing is counted twice
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC, "--db", db, "--out",
                tmp.resolve("again").toString())).isZero();
        assertThat(Files.readAllLines(tmp.resolve("again").resolve("results-purchase.csv"))).isEqualTo(csv);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC, "--db",
                "jdbc:mysql://localhost/x")).isEqualTo(1);
    }

    private static List<String> withoutTiming(String text) {
        return text.lines().filter(l -> !l.startsWith("done in")).toList();
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path good = experiment("bestseller", "item-to-item");
        expectUsage("unknown recommender \"nope\"", "simulate", "--experiment",
                experiment("bestseller", "nope").toString(), "--data", SYNTHETIC);
        expectUsage("cannot read", "simulate", "--experiment", tmp.resolve("missing.json").toString(), "--data",
                SYNTHETIC);
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"key\": \"x\", \"treatments\": [");
        expectUsage("--experiment", "simulate", "--experiment", broken.toString(), "--data", SYNTHETIC);
        Path targeted = tmp.resolve("targeted.json");
        Files.writeString(targeted, Files.readString(good).replaceFirst("\\}\\s*$",
                ", \"targeting\": {\"country\": {\"eq\": \"DE\"}}}"));
        expectUsage("targeting cannot be simulated", "simulate", "--experiment", targeted.toString(), "--data", SYNTHETIC);
        Path layered = tmp.resolve("layered.json");
        Files.writeString(layered, Files.readString(good).replaceFirst("\\}\\s*$",
                ", \"layer\": {\"name\": \"home-row\", \"buckets\": [0, 5000]}}"));
        expectUsage("layer cannot be simulated", "simulate", "--experiment", layered.toString(), "--data", SYNTHETIC);
        expectUsage("not after the first interaction", "simulate", "--experiment", good.toString(), "--data",
                SYNTHETIC, "--from", "1990-01-01");
        expectUsage("no customer is active", "simulate", "--experiment", good.toString(), "--data", SYNTHETIC,
                "--from", "2099-01-01");
        expectUsage("--from must be", "simulate", "--experiment", good.toString(), "--data", SYNTHETIC,
                "--from", "yesterday");
        expectUsage("file not found", "simulate", "--experiment", good.toString(), "--data",
                "online-retail:" + tmp.resolve("none.csv"));
        expectUsage("--days must be", "simulate", "--experiment", good.toString(), "--data", SYNTHETIC, "--days", "0");
    }

    private void expectUsage(String message, String... args) {
        err.reset();
        assertThat(Main.run(args)).as(String.join(" ", args)).isEqualTo(2);
        String stderr = err.toString(StandardCharsets.UTF_8);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(stderr).hasSize(1);
        assertThat(errors.get(0)).contains(message);
    }
}
