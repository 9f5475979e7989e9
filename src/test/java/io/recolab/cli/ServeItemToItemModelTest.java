package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** serve --item-to-item-model: a directory without a valid table is a usage error at start, naming why. */
class ServeItemToItemModelTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void aMissingOrForeignTableIsAUsageError() throws Exception {
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--item-to-item-model", tmp.resolve("none").toString()))
                .isEqualTo(2);
        assertThat(lastLine()).contains("--item-to-item-model", "MANIFEST is missing");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("MANIFEST"), "format=something-else\n");
        assertThat(Main.run("serve", "--data-dir", tmp.toString(), "--item-to-item-model", other.toString())).isEqualTo(2);
        assertThat(lastLine()).contains("format must be recolab-similar-items");
    }

    private String lastLine() {
        String[] lines = console.err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }
}
