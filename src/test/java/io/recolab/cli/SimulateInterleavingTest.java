package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** simulate with an interleaving definition, and --compare-designs (issue 24), on synthetic data. */
class SimulateInterleavingTest {
    private static final String SYNTHETIC = "synthetic:customers=2000,items=300,days=100,seed=4";
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private Path definition(String design) throws Exception {
        Path file = tmp.resolve(design + ".json");
        Files.writeString(file, """
                {"key": "sim-il", "design": "%s", "treatments": [{"name": "A", "weight": 1, "recommender": "item-to-item"},
                                                   {"name": "B", "weight": 1, "recommender": "bestseller"}],
                 "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14}]}
                """.formatted(design));
        return file;
    }

    private String out() {
        return console.out.toString(StandardCharsets.UTF_8).replaceAll("done in [0-9.]+ s", "done");
    }

    @Test
    void anInterleavingReplayCountsEveryVisitorOnceAndRepeats() throws Exception {
        Path file = definition("interleaving");
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC))
                .as(console.err.toString(StandardCharsets.UTF_8)).isZero();
        String first = out();
        assertThat(first).contains("| A | A | item-to-item |", "| B | B | bestseller |", "exact sign test p = ");
        int visitors = Integer.parseInt(group(first, "; ([0-9,]+) visitors").replace(",", ""));
        long a = Long.parseLong(group(first, "\\| A \\| A \\| item-to-item \\| ([0-9]+) \\|"));
        long b = Long.parseLong(group(first, "\\| B \\| B \\| bestseller \\| ([0-9]+) \\|"));
        long units = Long.parseLong(group(first, "units ([0-9]+), ties"));
        long ties = Long.parseLong(group(first, "ties ([0-9]+);"));
        assertThat(units).isEqualTo(visitors).isEqualTo(a + b + ties);
        console.out.reset();
        assertThat(Main.run("simulate", "--experiment", file.toString(), "--data", SYNTHETIC)).isZero();
        assertThat(out()).isEqualTo(first);
    }

    @Test
    void compareDesignsPrintsOneRowPerSeedAndThePlannedSampleSizes() throws Exception {
        assertThat(Main.run("simulate", "--experiment", definition("ab").toString(), "--data", SYNTHETIC,
                "--compare-designs", "3")).as(console.err.toString(StandardCharsets.UTF_8)).isZero();
        String text = out();
        for (int seed = 1; seed <= 3; seed++) {
            assertThat(text).containsPattern("\\n\\| " + seed + " \\| [0-9]+ \\| [AB-] \\|");
        }
        assertThat(text).contains("medians over 3 seeds", "customers needed for 80% power at alpha 0.05: A/B ");
        assertThat(Main.run("simulate", "--experiment", definition("ab").toString(), "--data", SYNTHETIC,
                "--compare-designs", "0")).isNotZero();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }
}
