package io.recolab.recommend;

/**
 * The k best (id, score) pairs of a stream, with one deterministic order everywhere: higher score first,
 * then lower id. A bounded min-heap on primitive arrays; reuse one per thread with {@link #reset}.
 */
public final class TopK {
    private int[] ids;
    private float[] scores;
    private int capacity;
    private int size;

    public TopK(int capacity) {
        reset(capacity);
    }

    public void reset(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        if (ids == null || ids.length < capacity) {
            ids = new int[capacity];
            scores = new float[capacity];
        }
        this.capacity = capacity;
        this.size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /** The lowest kept score (the one the next candidate has to beat once full); -infinity when empty. */
    public float worstScore() {
        return size == 0 ? Float.NEGATIVE_INFINITY : scores[0];
    }

    /** Offers a candidate; NaN scores are ignored. */
    public void offer(int id, float score) {
        if (score != score || capacity == 0) {
            return;
        }
        if (size < capacity) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(id, score, ids[parent], scores[parent])) {
                    break;
                }
                ids[i] = ids[parent];
                scores[i] = scores[parent];
                i = parent;
            }
            ids[i] = id;
            scores[i] = score;
        } else if (worse(ids[0], scores[0], id, score)) {
            siftDown(id, score);
        }
    }

    /**
     * Writes the kept pairs best-first into the arrays from index {@code from} and empties the heap;
     * returns how many were written.
     */
    public int drain(int[] outIds, float[] outScores, int from) {
        int n = size;
        for (int k = n - 1; k >= 0; k--) {
            outIds[from + k] = ids[0];
            if (outScores != null) {
                outScores[from + k] = scores[0];
            }
            size--;
            if (size > 0) {
                siftDown(ids[size], scores[size]);
            }
        }
        return n;
    }

    private void siftDown(int id, float score) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(ids[child + 1], scores[child + 1], ids[child], scores[child])) {
                child++;
            }
            if (!worse(ids[child], scores[child], id, score)) {
                break;
            }
            ids[i] = ids[child];
            scores[i] = scores[child];
            i = child;
        }
        ids[i] = id;
        scores[i] = score;
    }

    /** a ranks below b: a lower score, or the same score and a higher id. */
    static boolean worse(int idA, float scoreA, int idB, float scoreB) {
        return scoreA < scoreB || (scoreA == scoreB && idA > idB);
    }
}
