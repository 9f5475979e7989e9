package io.recolab.data;

/**
 * Compressed sparse rows: row r holds {@code values[offsets[r] .. offsets[r+1])}. Used for
 * "log positions by customer", "distinct customers by item" and similar groupings.
 */
public record Csr(int[] offsets, int[] values) {
    public Csr {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != values.length) {
            throw new IllegalArgumentException("offsets must run from 0 to values.length = " + values.length
                    + ", got " + (offsets.length == 0 ? "none" : offsets[0] + ".." + offsets[offsets.length - 1]));
        }
    }

    public int rows() {
        return offsets.length - 1;
    }

    public int start(int row) {
        return offsets[row];
    }

    public int end(int row) {
        return offsets[row + 1];
    }

    public int size(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** Groups {@code 0..n-1} by {@code key[i]} (counting sort, stable: each row keeps increasing i). */
    public static Csr groupPositions(int[] key, int n, int rows) {
        int[] offsets = new int[rows + 1];
        for (int i = 0; i < n; i++) {
            offsets[key[i] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            offsets[r + 1] += offsets[r];
        }
        int[] next = offsets.clone();
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[next[key[i]]++] = i;
        }
        return new Csr(offsets, values);
    }

    long estimatedBytes() {
        return 32 + 4L * offsets.length + 4L * values.length;
    }
}
