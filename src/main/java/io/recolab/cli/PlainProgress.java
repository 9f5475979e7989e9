package io.recolab.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress as plain lines for logs and pipes: one line whenever the step ({@code what}) changes, at most one
 * every {@value #QUIET_SECONDS} seconds within a step, and a closing line with the elapsed time.
 */
final class PlainProgress implements Progress {
    static final double QUIET_SECONDS = 5;

    private final String task;
    private final double total;
    private final PrintStream err;
    private final long started = System.nanoTime();
    private String lastWhat;
    private double lastLine = -QUIET_SECONDS;
    private boolean closed;

    PlainProgress(String task, double total, PrintStream err) {
        this.task = task;
        this.total = total;
        this.err = err;
    }

    @Override
    public synchronized void update(double done, String what) {
        if (closed) {
            return;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        boolean changed = what != null && !what.equals(lastWhat);
        if (!changed && elapsed - lastLine < QUIET_SECONDS) {
            return;
        }
        lastWhat = what;
        lastLine = elapsed;
        double share = total <= 0 ? 1 : Math.max(0, Math.min(1, done / total));
        String counts = done == Math.rint(done) ? " " + Progress.amount(Math.min(done, total)) + "/"
                + Progress.amount(total) : "";
        err.printf(Locale.ROOT, "%s: %3d%%%s %s (%s)%n", task, Math.round(share * 100), counts,
                what == null ? "" : what, Progress.duration(elapsed));
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        err.printf(Locale.ROOT, "%s: done in %s%n", task, Progress.duration((System.nanoTime() - started) / 1e9));
        err.flush();
    }
}
