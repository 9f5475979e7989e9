package io.recolab.eval;

import io.recolab.data.Interactions;
import io.recolab.data.Targets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline protocol of CONTRACT section 3: cutoffs {@code end - j * window} for j = cutoffs..1, where
 * end is the latest timestamp; at each cutoff T the training data is everything before T and the
 * evaluated customers are those with history before T and at least one new item in [T, T + window).
 *
 * @param cutoffs how many cutoffs (K)
 * @param window  the window length (14 days by default); also the spacing of the cutoffs
 * @param k       recommendations per customer
 */
public record Protocol(int cutoffs, Duration window, int k) {
    public static final Protocol DEFAULT = new Protocol(4, Duration.ofDays(14), 6);

    public Protocol {
        if (cutoffs < 1) {
            throw new IllegalArgumentException("cutoffs must be >= 1, got " + cutoffs);
        }
        if (window == null || window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least one second, got " + window);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /** The evaluation cutoffs, earliest first. */
    public long[] cutoffTimes(Interactions log) {
        return cutoffTimes(log, 0);
    }

    /**
     * Cutoffs shifted {@code skip} windows into the past: j = skip + cutoffs .. skip + 1. With skip >= cutoffs
     * every such window ends before the first evaluation cutoff: development cutoffs for tuning.
     */
    public long[] cutoffTimes(Interactions log, int skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + skip);
        }
        long end = log.lastTime();
        long[] times = new long[cutoffs];
        for (int i = 0; i < cutoffs; i++) {
            int j = skip + cutoffs - i;
            times[i] = end - j * window.toSeconds();
        }
        return times;
    }

    /** The evaluated customers at {@code cutoff} and their new items in the window. */
    public Targets targets(Interactions log, long cutoff) {
        return group(log, cutoff, false);
    }

    /**
     * The cold-start group at {@code cutoff}: customers with no interaction before it and at least one in the
     * window, with every item they interacted with in the window. Never part of {@link #targets}; reported apart.
     */
    public Targets coldStartTargets(Interactions log, long cutoff) {
        return group(log, cutoff, true);
    }

    private Targets group(Interactions log, long cutoff, boolean cold) {
        return Targets.of(log, cutoff, window.toSeconds(), cold);
    }

    /** Targets of every cutoff, earliest first. */
    public List<Targets> targets(Interactions log, long[] cutoffTimes) {
        List<Targets> all = new ArrayList<>();
        for (long t : cutoffTimes) {
            all.add(targets(log, t));
        }
        return all;
    }
}
