package io.recolab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts kept, dropped and skipped rows of one file and turns the counts into a result or a clear error. */
final class RowTally {
    private final String source;
    private long kept;
    private long skipped;
    private long dropped;
    private String firstProblem;

    RowTally(String source) {
        this.source = source;
    }

    /** Opens a file for streaming, or fails with one line naming the path. Undecodable bytes become U+FFFD. */
    static BufferedReader open(Path path) {
        if (!Files.exists(path)) {
            throw new DataException("data file not found: " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException("not a regular file: " + path);
        }
        try {
            if (Files.size(path) == 0) {
                throw new DataException("data file is empty: " + path);
            }
            return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8),
                    1 << 16);
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    void keep() {
        kept++;
    }

    void drop() {
        dropped++;
    }

    void skip(long line, String why) {
        skipped++;
        if (firstProblem == null) {
            firstProblem = "line " + line + ": " + why;
        }
    }

    LoadResult finish(InteractionsBuilder builder) {
        long rows = kept + skipped + dropped;
        if (rows == 0) {
            throw new DataException("data file is empty (no data rows): " + source);
        }
        // "Mostly unreadable": more malformed rows than readable ones; likely the wrong format or a broken file.
        if (skipped * 2 > rows) {
            throw new DataException(source + ": " + skipped + " of " + rows
                    + " rows are unreadable, is the format right? (first problem at " + firstProblem + ")");
        }
        if (kept == 0) {
            throw new DataException(source + ": no interactions left (" + dropped + " rows dropped by the format's rules, "
                    + skipped + " unreadable)");
        }
        return new LoadResult(builder.build(), kept, skipped, dropped);
    }

    static String preview(String line) {
        return line.length() <= 60 ? "'" + line + "'" : "'" + line.substring(0, 60) + "...'";
    }
}
