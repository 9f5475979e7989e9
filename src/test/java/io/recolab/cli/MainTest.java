package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of CONTRACT §1: 0 success, 2 usage error, 1 failure, one line on stderr. */
class MainTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    @TempDir
    Path tmp;


    @Test
    void helpEverywhereExitsZero() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve");
        assertThat(Main.run("serve", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data-dir", "--db", "--experiments", "--port");
    }

    /** Issue 17, item 9: a '%' in a description ("95% bootstrap") made picocli print a WARN line. */
    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new Main()), new java.util.ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("evaluate", "simulate", "user add");
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            assertThat(Main.run(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").contains("(95%");
    }

    private static void collect(picocli.CommandLine cli, java.util.List<String> path, java.util.List<java.util.List<String>> into) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // the help command and aliases
            }
            java.util.List<String> next = new java.util.ArrayList<>(path);
            next.add(name);
            into.add(next);
            collect(sub, next, into);
        });
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Main.run("serve", "--port", "eighty")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port");
        assertThat(Main.run("serve", "--no-such-option")).isEqualTo(2);
        assertThat(Main.run("serve", "--port", "70000")).isEqualTo(2);
        assertThat(Main.run("frobnicate")).isEqualTo(2);
    }

    @Test
    void kafkaOptionsAreCheckedBeforeAnythingStarts() {
        assertThat(Main.run("serve", "--port", "0", "--data-dir", tmp.toString(), "--events", "localhost:9092")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--events must be kafka:HOST:PORT");
        assertThat(Main.run("serve", "--port", "0", "--data-dir", tmp.toString(), "--events", "kafka:localhost")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'localhost' is not HOST:PORT");
        assertThat(Main.run("process", "--kafka", "kafka:localhost:99999", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("port 99999");
        // CONTRACT.md writes process --kafka HOST:PORT: the prefix is optional there (the value is parsed, its port refused).
        assertThat(Main.run("process", "--kafka", "localhost:99998", "--db", "jdbc:h2:mem:x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("port 99998").doesNotContain("--kafka must be kafka:");
        assertThat(Main.run("process")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kafka");
        assertThat(Main.run("process", "--kafka", "kafka:localhost:9092", "--session-timeout", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("session timeout must be within 6..300 s");
        assertThat(Main.run("process", "--kafka", "localhost:9092", "--max-poll-records", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--max-poll-records must be at least 1");
        assertThat(Main.run("process", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--partitions", "--metrics-port", "--group");
    }

    @Test
    void runtimeFailuresExitOneWithOneLineAndNoStackTrace() {
        int code = Main.run("serve", "--port", "0", "--data-dir", tmp.toString(), "--db", "jdbc:mysql://localhost/x");
        assertThat(code).isEqualTo(1);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).contains("error: unsupported database URL jdbc:mysql://localhost/x");
        assertThat(stderr).doesNotContain("\tat ");
    }
}
