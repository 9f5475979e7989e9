package io.recolab.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads experiment definitions kept as code ({@code experiments/<key>.json}). One bad file is
 * reported and skipped; the others still load.
 */
public final class DefinitionFiles {
    public record Loaded(Path file, ExperimentDefinition definition) {
    }

    public record Problem(Path file, String message) {
    }

    public record Result(List<Loaded> loaded, List<Problem> problems) {
    }

    private DefinitionFiles() {
    }

    public static Result read(Path dir) {
        List<Loaded> loaded = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(loaded, problems);
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(p -> files.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            problems.add(new Problem(dir, "cannot list: " + e.getMessage()));
            return new Result(loaded, problems);
        }
        for (Path file : files.values()) {
            try {
                ExperimentDefinition d = DefinitionJson.parse(Files.readString(file, StandardCharsets.UTF_8));
                String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (!d.key().equals(expected)) {
                    problems.add(new Problem(file, "key \"" + d.key() + "\" does not match the file name (expected \"" + expected + "\")"));
                    continue;
                }
                loaded.add(new Loaded(file, d));
            } catch (IOException e) {
                problems.add(new Problem(file, "cannot read: " + e.getMessage()));
            } catch (RuntimeException e) {
                problems.add(new Problem(file, e.getMessage()));
            }
        }
        return new Result(loaded, problems);
    }
}
