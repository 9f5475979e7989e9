package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of CONTRACT §1: 0 success, 2 usage error, 1 failure, one line on stderr. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void helpEverywhereExitsZero() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve");
        assertThat(Main.run("serve", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data-dir", "--db", "--experiments", "--port");
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
    void runtimeFailuresExitOneWithOneLineAndNoStackTrace() {
        int code = Main.run("serve", "--port", "0", "--data-dir", tmp.toString(), "--db", "jdbc:mysql://localhost/x");
        assertThat(code).isEqualTo(1);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).contains("error: unsupported database URL jdbc:mysql://localhost/x");
        assertThat(stderr).doesNotContain("\tat ");
    }
}
