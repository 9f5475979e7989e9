package io.recolab.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line bar redrawn in place with a carriage return: {@code task [=====>    ]  45% 9/20 what 0:12 (eta 0:15)}.
 * A daemon ticker redraws every second so the elapsed time moves during a long step (training).
 */
final class TerminalProgress implements Progress {
    private static final int BAR = 30;
    private static final int WIDTH = 110;

    private final String task;
    private final double total;
    private final PrintStream err;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private double done;
    private String what = "";
    private int lastLength;
    private long lastDraw;
    private boolean closed;

    TerminalProgress(String task, double total, PrintStream err) {
        this.task = task;
        this.total = total;
        this.err = err;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-" + task);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
        draw();
    }

    @Override
    public synchronized void update(double done, String what) {
        String now = what == null ? "" : what;
        boolean same = now.equals(this.what);
        this.done = Math.max(0, Math.min(total, done));
        this.what = now;
        if (same && System.nanoTime() - lastDraw < 100_000_000L) {
            return; // at most ten redraws a second for fine-grained hooks (bytes read)
        }
        draw();
    }

    private synchronized void draw() {
        if (closed) {
            return;
        }
        double share = total <= 0 ? 1 : done / total;
        int filled = (int) Math.round(share * BAR);
        StringBuilder bar = new StringBuilder(BAR);
        for (int i = 0; i < BAR; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        String eta = share > 0.01 && share < 1 ? " (eta " + Progress.duration(elapsed * (1 - share) / share) + ")" : "";
        String counts = done == Math.rint(done) ? " " + Progress.amount(done) + "/" + Progress.amount(total) : "";
        String line = String.format("%s [%s] %3d%%%s %s %s%s", task, bar, Math.round(share * 100), counts, what,
                Progress.duration(elapsed), eta);
        if (line.length() > WIDTH) {
            line = line.substring(0, WIDTH);
        }
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
        lastDraw = System.nanoTime();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        done = total;
        draw();
        closed = true;
        ticker.shutdownNow();
        err.println();
        err.flush();
    }
}
