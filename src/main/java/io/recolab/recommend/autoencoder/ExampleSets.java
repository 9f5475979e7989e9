package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the examples of both models from the training log (everything before the horizon, the evaluation
 * cutoff) and nothing else.
 * <ul>
 *   <li>Chronological: training cutoffs t_m = horizon - window - m x stride (m = 0..trainingCutoffs-1, so
 *       t + window <= horizon and every target window is fully observed); for each t and customer with
 *       history before t, input = the snapshot at t, targets = items first consumed in [t, t + window)
 *       that the customer did not have before t and that existed before t.</li>
 *   <li>Static (matrix completion): one snapshot at the horizon; targets = the customer's own items.</li>
 * </ul>
 * Early stopping: a seeded share of customers is held out of all training examples; their chronological
 * examples (at the same cutoffs, at least {@value #MIN_VALIDATION_CUTOFFS}) are the validation set of both
 * models, since predicting the next window is what the protocol measures.
 */
final class ExampleSets {
    static final long DAY = 86_400L;
    static final int MIN_VALIDATION_CUTOFFS = 4;

    private ExampleSets() {
    }

    record Split(Examples training, Examples validation) {
    }

    static Split chronological(Interactions log, AutoencoderConfig config) {
        boolean[] heldOut = heldOut(log.customerCount(), config.validationShare(), config.seed());
        List<Snapshot> snapshots = snapshots(log, config, Math.max(config.trainingCutoffs(), 1));
        Examples.Builder training = new Examples.Builder(snapshots, true);
        Examples.Builder validation = new Examples.Builder(snapshots, true);
        long window = config.windowDays() * DAY;
        if (config.temporalValidation() && snapshots.size() > 1) {
            // Validate on every customer at the latest cutoff; train only on windows that end before it starts.
            Arrays.fill(heldOut, true);
            int last = snapshots.size() - 1;
            addNextWindow(log, snapshots.get(last), last, window, heldOut, training, validation);
            Arrays.fill(heldOut, false);
            for (int s = 0; s < last; s++) {
                if (snapshots.get(s).time + window <= snapshots.get(last).time) {
                    addNextWindow(log, snapshots.get(s), s, window, heldOut, training, validation);
                }
            }
        } else {
            for (int s = 0; s < snapshots.size(); s++) {
                addNextWindow(log, snapshots.get(s), s, window, heldOut, training, validation);
            }
        }
        if (config.leaveOutShare() > 0 && !snapshots.isEmpty()) {
            snapshots.add(Snapshot.at(log, log.horizon(), config.halfLifeDays()));
            addLeaveOut(snapshots.get(snapshots.size() - 1), snapshots.size() - 1, config.leaveOutShare(), heldOut,
                    training);
        }
        return new Split(training.build(), validation.build());
    }

    /**
     * At the horizon, for each customer with at least 2 items: targets = their latest {@code share} of items
     * (at least one, by latest interaction), input = the rest. Many more examples of "what comes next" than
     * the windows hold, from the freshest data.
     */
    private static void addLeaveOut(Snapshot now, int s, double share, boolean[] heldOut, Examples.Builder out) {
        long[] keys = new long[0];
        for (int c = 0; c < now.owned.customers(); c++) {
            int n = now.owned.size(c);
            if (heldOut[c] || n < 2) {
                continue;
            }
            if (keys.length < n) {
                keys = new long[Math.max(n, 2 * keys.length)];
            }
            int start = now.owned.start(c);
            long latest = now.owned.lastTime(start);
            for (int j = 0; j < n; j++) {
                latest = Math.max(latest, now.owned.lastTime(start + j));
            }
            for (int j = 0; j < n; j++) {
                // (age in seconds, item): the youngest first; ages fit 32 bits for 136 years
                keys[j] = ((latest - now.owned.lastTime(start + j)) << 32) | now.owned.item(start + j);
            }
            Arrays.sort(keys, 0, n);
            int take = Math.min(n - 1, Math.max(1, (int) Math.round(share * n)));
            int[] items = new int[take];
            for (int j = 0; j < take; j++) {
                items[j] = (int) keys[j];
            }
            Arrays.sort(items);
            for (int item : items) {
                out.target(item);
            }
            out.end(s, c, true);
        }
    }

    static Split reconstruction(Interactions log, AutoencoderConfig config, Snapshot atHorizon) {
        boolean[] heldOut = heldOut(log.customerCount(), config.validationShare(), config.seed());
        Examples.Builder training = new Examples.Builder(List.of(atHorizon), false);
        for (int c = 0; c < log.customerCount(); c++) {
            if (!heldOut[c]) {
                for (int e = atHorizon.owned.start(c); e < atHorizon.owned.end(c); e++) {
                    training.target(atHorizon.owned.item(e));
                }
                training.end(0, c);
            }
        }
        List<Snapshot> snapshots = snapshots(log, config, Math.max(config.trainingCutoffs(), MIN_VALIDATION_CUTOFFS));
        Examples.Builder validation = new Examples.Builder(snapshots, true);
        Examples.Builder ignored = new Examples.Builder(snapshots, true);
        for (int s = 0; s < snapshots.size(); s++) {
            addNextWindow(log, snapshots.get(s), s, config.windowDays() * DAY, heldOut, ignored, validation);
        }
        return new Split(training.build(), validation.build());
    }

    /** Snapshots at the training cutoffs that leave at least one window of history, earliest first. */
    static List<Snapshot> snapshots(Interactions log, AutoencoderConfig config, int count) {
        List<Snapshot> snapshots = new ArrayList<>();
        if (log.size() == 0) {
            return snapshots;
        }
        long window = config.windowDays() * DAY;
        for (int m = count - 1; m >= 0; m--) {
            long t = log.horizon() - window - m * config.strideDays() * DAY;
            if (t - log.firstTime() >= window) {
                // Recent cutoffs resemble the evaluation cutoff most: weight 2^(-age / cutoffHalfLife).
                double age = m * (double) config.strideDays();
                float weight = config.cutoffHalfLifeDays() > 0
                        ? (float) Math.pow(2, -age / config.cutoffHalfLifeDays()) : 1f;
                snapshots.add(Snapshot.at(log, t, config.halfLifeDays()).weighted(weight));
            }
        }
        return snapshots;
    }

    /** A seeded share of customers, the same for every cutoff (and for both models with the same seed). */
    static boolean[] heldOut(int customers, double share, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        boolean[] out = new boolean[customers];
        for (int c = 0; c < customers; c++) {
            out[c] = random.nextDouble() < share;
        }
        return out;
    }

    private static void addNextWindow(Interactions log, Snapshot snapshot, int s, long window, boolean[] heldOut,
                                      Examples.Builder training, Examples.Builder validation) {
        int from = log.positionOf(snapshot.time);
        int to = log.positionOf(snapshot.time + window);
        long[] pairs = new long[to - from];
        int n = 0;
        for (int p = from; p < to; p++) {
            int c = log.customer(p);
            int item = log.item(p);
            if (snapshot.historySize(c) > 0 && snapshot.known[item] && !snapshot.owned.owns(c, item)) {
                pairs[n++] = ((long) c << 32) | item;
            }
        }
        Arrays.sort(pairs, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                pairs[distinct++] = pairs[i];
            }
        }
        n = distinct;
        for (int i = 0; i < n; i++) {
            int c = (int) (pairs[i] >>> 32);
            Examples.Builder builder = heldOut[c] ? validation : training;
            builder.target((int) pairs[i]);
            if (i + 1 == n || (int) (pairs[i + 1] >>> 32) != c) {
                builder.end(s, c);
            }
        }
    }
}
