package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** serve's TLS, rate-limit and connection options: bad values are usage errors (exit 2, one line). */
class ServeGuardOptionsTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void helpListsTheOptions() {
        assertThat(Main.run("serve", "--help")).isZero();
        assertThat(console.out.toString(StandardCharsets.UTF_8)).contains("--tls-cert", "--tls-key", "--rate-limit",
                "--rate-burst", "--max-connections", "--request-timeout", "--idle-timeout");
    }

    @Test
    void aCertificateWithoutAKeyIsAUsageError() throws Exception {
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--tls-cert", cert.toString())).isEqualTo(2);
        assertThat(lastLine()).contains("--tls-cert and --tls-key go together");
    }

    @Test
    void anUnreadableTlsFileIsAUsageError() {
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--tls-cert", tmp.resolve("no-cert.pem").toString(),
                "--tls-key", tmp.resolve("no-key.pem").toString())).isEqualTo(2);
        assertThat(lastLine()).contains("cannot read the TLS file");
    }

    @Test
    void badLimitsAreUsageErrors() {
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--rate-limit", "-1")).isEqualTo(2);
        assertThat(lastLine()).contains("--rate-limit");
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--rate-burst", "0")).isEqualTo(2);
        assertThat(lastLine()).contains("--rate-burst");
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--max-connections", "0")).isEqualTo(2);
        assertThat(lastLine()).contains("--max-connections");
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--request-timeout", "0")).isEqualTo(2);
        assertThat(lastLine()).contains("--request-timeout");
    }

    private String lastLine() {
        String[] lines = console.err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }
}
