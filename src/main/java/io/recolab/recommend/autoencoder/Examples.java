package io.recolab.recommend.autoencoder;

import java.util.Arrays;
import java.util.List;

/**
 * Training or validation examples: example e is customer {@code customer[e]} as seen at snapshot
 * {@code snapshot[e]} (its input), with target items {@code targets[offsets[e] .. offsets[e+1])}. When
 * {@code maskOwned}, the customer's items at the snapshot are left out of the softmax (the chronological
 * model only learns to rank items the customer does not have yet, as the protocol asks). A "leave-out"
 * example's targets are some of the customer's own items at the snapshot (their latest ones): they are
 * removed from its input and stay in its softmax, so it too asks "what comes next", on the whole history.
 */
record Examples(List<Snapshot> snapshots, int[] snapshot, int[] customer, int[] offsets, int[] targets,
                boolean maskOwned, boolean[] leaveOut) {
    Examples {
        if (snapshot.length != customer.length || leaveOut.length != customer.length || offsets.length != customer.length + 1
                || offsets[customer.length] != targets.length) {
            throw new IllegalArgumentException("examples: " + customer.length + " customers, " + snapshot.length
                    + " snapshots, " + offsets.length + " offsets ending at " + offsets[offsets.length - 1]
                    + " for " + targets.length + " targets");
        }
    }

    int size() {
        return customer.length;
    }

    int targetCount(int e) {
        return offsets[e + 1] - offsets[e];
    }

    /** Grows example by example; targets of one example are added before {@link #end}. */
    static final class Builder {
        private final List<Snapshot> snapshots;
        private final boolean maskOwned;
        private int[] snapshot = new int[64];
        private int[] customer = new int[64];
        private boolean[] leaveOut = new boolean[64];
        private int[] offsets = new int[65];
        private int[] targets = new int[256];
        private int size;
        private int targetSize;

        Builder(List<Snapshot> snapshots, boolean maskOwned) {
            this.snapshots = snapshots;
            this.maskOwned = maskOwned;
        }

        void target(int item) {
            if (targetSize == targets.length) {
                targets = Arrays.copyOf(targets, targetSize * 2);
            }
            targets[targetSize++] = item;
        }

        /** Closes the current example; one without targets is dropped. */
        void end(int snapshotIndex, int customerIndex) {
            end(snapshotIndex, customerIndex, false);
        }

        void end(int snapshotIndex, int customerIndex, boolean leftOut) {
            if (targetSize == offsets[size]) {
                return;
            }
            if (size == customer.length) {
                snapshot = Arrays.copyOf(snapshot, size * 2);
                customer = Arrays.copyOf(customer, size * 2);
                leaveOut = Arrays.copyOf(leaveOut, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2 + 1);
            }
            snapshot[size] = snapshotIndex;
            customer[size] = customerIndex;
            leaveOut[size] = leftOut;
            size++;
            offsets[size] = targetSize;
        }

        Examples build() {
            return new Examples(snapshots, Arrays.copyOf(snapshot, size), Arrays.copyOf(customer, size),
                    Arrays.copyOf(offsets, size + 1), Arrays.copyOf(targets, targetSize), maskOwned,
                    Arrays.copyOf(leaveOut, size));
        }
    }
}
