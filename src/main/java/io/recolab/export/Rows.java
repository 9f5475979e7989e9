package io.recolab.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A table written row by row in one of the {@link ExportFormat}s, so that every export (and the
 * HTTP route and the CLI command alike) writes a format in exactly one way. Values are
 * {@code String} (text), {@code Number}, {@code Boolean}, {@code List<String>}, or null (empty).
 * Nothing is kept in memory beyond the writer's buffer.
 */
public interface Rows extends AutoCloseable {
    void row(Object... values) throws IOException;

    /** Sends what is buffered on, through the stream's own flush: a long export shows progress. */
    void flush() throws IOException;

    /** Flushes what is buffered; the stream stays open (it belongs to the caller). */
    @Override
    void close() throws IOException;

    static Rows open(ExportFormat format, List<String> columns, OutputStream out) throws IOException {
        return switch (format) {
            case CSV -> new CsvRows(columns, out);
            case JSONL -> new JsonLinesRows(columns, out);
        };
    }

    /**
     * Doubles as an analyst expects them: whole values without ".0" (counts), others in Java's
     * shortest round-trip form; NaN and infinities have no value (empty, null).
     */
    static String number(Number n) {
        if (n == null) {
            return null;
        }
        if (n instanceof Long || n instanceof Integer) {
            return n.toString();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return null;
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
