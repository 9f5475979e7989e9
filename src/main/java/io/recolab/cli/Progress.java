package io.recolab.cli;

import java.io.PrintStream;
import java.util.function.DoubleConsumer;

/**
 * Progress of long CLI work (CONTRACT section 1): a redrawn bar on a terminal, plain lines otherwise (logs, CI,
 * pipes), both on stderr so stdout stays the command's result. {@code total} is in any unit (steps, bytes);
 * {@link #update} reports how much of it is done and what is being done now.
 */
public interface Progress extends AutoCloseable {
    void update(double done, String what);

    /** Finishes the bar (or prints the closing line); idempotent. */
    @Override
    void close();

    /** A bar when a console is attached ({@code System.console() != null}), plain lines otherwise. */
    static Progress start(String task, double total) {
        return start(task, total, System.err, System.console() != null);
    }

    static Progress start(String task, double total, PrintStream err, boolean terminal) {
        return terminal ? new TerminalProgress(task, total, err) : new PlainProgress(task, total, err);
    }

    static Progress none() {
        return new Progress() {
            @Override
            public void update(double done, String what) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Adapts a 0..1 hook (loaders, {@code Evaluation.run}) to the stretch [from, from + width) of this bar. */
    default DoubleConsumer fraction(double from, double width, String what) {
        return f -> update(from + width * Math.max(0, Math.min(1, f)), what);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
