package io.recolab.recommend.itemtoitem;

/**
 * A cheap lower bound of E_AB for pruning (see {@link CorrectedRelatedness}). A's buyers are grouped in
 * power-of-two buckets of n_c, [2^j, 2^(j+1)). f(s) = 1 - (1 - P_B)^s is increasing and concave with
 * f(0) = 0, so on a bucket it lies above its chord between 2^j and 2^(j+1):
 * f(s) >= f(2^j) + (s - 2^j) (f(2^(j+1)) - f(2^j)) / 2^j. Summing the chords needs only each bucket's
 * count and sum of (s - 2^j): about log2(max basket) terms instead of one per distinct basket size, and
 * it is exact where f is linear (P_B s small), so the bound is tight.
 */
final class Buckets {
    /** Shrinks the bound by far more than the rounding error of the sums, so it stays a bound. */
    private static final double SAFETY = 1 - 1e-9;

    private final int width;
    private final double[] count;
    private final double[] excess;
    private final double[] edgeValue;

    private Buckets(int width, double[] count, double[] excess, double[] edgeValue) {
        this.width = width;
        this.count = count;
        this.excess = excess;
        this.edgeValue = edgeValue;
    }

    static Buckets of(CorrectedRelatedness.Histograms histograms, int[] sizes, double[] logQ) {
        int maxSize = 1;
        for (int size : sizes) {
            maxSize = Math.max(maxSize, size);
        }
        int width = 32 - Integer.numberOfLeadingZeros(maxSize); // buckets 0..width-1
        int items = histograms.offsets().length - 1;
        double[] count = new double[items * width];
        double[] excess = new double[items * width];
        for (int a = 0; a < items; a++) {
            for (int h = histograms.offsets()[a]; h < histograms.offsets()[a + 1]; h++) {
                int s = sizes[histograms.sizeIndex()[h]];
                int j = 31 - Integer.numberOfLeadingZeros(s);
                count[a * width + j] += histograms.count()[h];
                excess[a * width + j] += (double) histograms.count()[h] * (s - (1 << j));
            }
        }
        double[] edgeValue = new double[items * (width + 1)];
        for (int b = 0; b < items; b++) {
            for (int j = 0; j <= width; j++) {
                edgeValue[b * (width + 1) + j] = -Math.expm1((double) (1L << j) * logQ[b]);
            }
        }
        return new Buckets(width, count, excess, edgeValue);
    }

    double expectedLowerBound(int a, int b) {
        double low = 0;
        int at = a * width;
        int edges = b * (width + 1);
        for (int j = 0; j < width; j++) {
            double n = count[at + j];
            if (n > 0) {
                double lower = edgeValue[edges + j];
                double slope = (edgeValue[edges + j + 1] - lower) / (1 << j);
                low += n * lower + excess[at + j] * slope;
            }
        }
        return low * SAFETY;
    }
}
