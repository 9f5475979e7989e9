package io.recolab.data;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

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

    /**
     * Opens a file for streaming, or fails with one line naming the path. Undecodable bytes become U+FFFD.
     * {@code progress} receives the share of bytes read (0..1), at most about a hundred times.
     */
    static BufferedReader open(Path path, DoubleConsumer progress) {
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
            InputStream in = new CountingStream(Files.newInputStream(path), Files.size(path), progress);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            // A UTF-8 byte order mark (Excel's "CSV UTF-8") is not data: drop it here, for every format, so it
            // neither joins the first user id (MovieLens) nor hides a quoted header's opening quote (CSV).
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return reader;
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

    /** Reports the share of the file read so far, every 1% of it. */
    private static final class CountingStream extends FilterInputStream {
        private final long size;
        private final DoubleConsumer progress;
        private long read;
        private long nextReport;

        CountingStream(InputStream in, long size, DoubleConsumer progress) {
            super(in);
            this.size = Math.max(1, size);
            this.progress = progress;
            this.nextReport = this.size / 100;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read >= nextReport) {
                progress.accept(Math.min(1.0, (double) read / size));
                nextReport = read + size / 100;
            }
        }
    }
}
