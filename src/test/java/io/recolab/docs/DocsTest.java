package io.recolab.docs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation works from a fresh clone anywhere (issue 17, items 9 and 10): no path of one
 * machine, every relative link resolves, and the contract's copy is in step with the project's.
 */
class DocsTest {
    /** Absolute paths that only exist on one machine (a data folder, a class path in a temporary file). */
    private static final Pattern MACHINE_BOUND = Pattern.compile("(?<![\\w.])/(work|tmp|home|root|Users|var/tmp)/\\S*");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    private static List<Path> markdown() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void noCommandOrPathBelongsToOneMachine() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : markdown()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MACHINE_BOUND.matcher(lines.get(i));
                while (m.find()) {
                    found.add(file + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertThat(found).as("use paths relative to the repository root, shared data as ../shared/data/...").isEmpty();
    }

    @Test
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdown()) {
            Matcher m = LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                Path resolved = file.toAbsolutePath().getParent().resolve(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void contractCopyIsInStepWithTheProjectsContract() throws IOException {
        Path copy = Path.of("docs", "contract.md");
        assertThat(copy).exists();
        Path source = Path.of("..", "shared", "CONTRACT.md");
        Assumptions.assumeTrue(Files.exists(source),
                "skipped: ../shared/CONTRACT.md is not beside this clone, nothing to compare docs/contract.md with");
        assertThat(Files.readString(copy, StandardCharsets.UTF_8))
                .as("docs/contract.md must be a copy of ../shared/CONTRACT.md: cp ../shared/CONTRACT.md docs/contract.md")
                .isEqualTo(Files.readString(source, StandardCharsets.UTF_8));
    }
}
