package io.recolab.cli;

import io.recolab.data.DataException;
import io.recolab.data.DataSource;
import io.recolab.data.LoadResult;
import io.recolab.recommend.RecommenderRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared steps of the data commands: name and load a data set, resolve recommender names; bad input is a usage error. */
final class DataOptions {
    private DataOptions() {
    }

    static DataSource source(String spec) {
        try {
            DataSource source = DataSource.parse(spec);
            if (source.format() != DataSource.Format.SYNTHETIC && !Files.exists(Path.of(source.argument()))) {
                throw new UsageException("--data: file not found: " + source.argument());
            }
            return source;
        } catch (DataException e) {
            throw new UsageException("--data: " + e.getMessage());
        }
    }

    /** Loads with a progress bar over the share of the file read; an unreadable data set is a usage error. */
    static LoadResult load(DataSource source) {
        try (Progress progress = Progress.start("load", 100)) {
            return source.load(progress.fraction(0, 100, source.format().label()));
        } catch (DataException e) {
            throw new UsageException("--data: " + e.getMessage());
        }
    }

    /** The named recommenders, in the order given, or every registered one when none are named. */
    static List<String> recommenders(RecommenderRegistry registry, List<String> names) {
        if (names == null || names.isEmpty()) {
            return registry.names();
        }
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!registry.contains(name)) {
                throw new UsageException("unknown recommender '" + name + "' (known: "
                        + String.join(", ", registry.names()) + ")");
            }
            if (out.contains(name)) {
                throw new UsageException("recommender '" + name + "' named twice in --recommenders");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw new UsageException("--recommenders names no recommender");
        }
        return out;
    }
}
