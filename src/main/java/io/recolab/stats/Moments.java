package io.recolab.stats;

/** Centred co-moments from raw sums without the formula's own cancellation, and consistency checks. */
final class Moments {
    private static final double ROUNDING = 1e-9;

    private Moments() {
    }

    /**
     * The centred cross sum S_xy = sum xy - (sum x)(sum y)/n, computed as (n sum_xy - sum_x sum_y)/n with
     * both products kept exactly as double-double pairs (Math.fma gives each product's rounding error;
     * Dekker, "A floating-point technique for extending the available precision", Numer. Math. 18, 1971).
     * When the mean is large against the spread (mean >> sd) the two products agree in most of their
     * digits and the plain formula keeps only the rounding noise of sum^2/n; this way the only error left
     * is the one already in the sums. Pass the same sums twice for S_xx.
     */
    static double centredProducts(long n, double sumX, double sumY, double sumProducts) {
        double a = n * sumProducts;
        double aLow = Math.fma(n, sumProducts, -a);
        double b = sumX * sumY;
        double bLow = Math.fma(sumX, sumY, -b);
        return ((a - b) + (aLow - bLow)) / n;
    }

    /**
     * Cauchy-Schwarz: the centred cross products can't exceed sqrt(Sxx*Syy); if they do, the sums
     * were not computed over the same units.
     */
    static void requireCauchySchwarz(String field, long n, double sumY, double sumSquaresY,
                                     double sumX, double sumSquaresX, double sumProducts) {
        if (n < 1) {
            return;
        }
        double sxx = Math.max(0, sumSquaresX - sumX * sumX / n);
        double syy = Math.max(0, sumSquaresY - sumY * sumY / n);
        double sxy = sumProducts - sumX * sumY / n;
        double bound = Math.sqrt(sxx * syy);
        double scale = Math.abs(sumProducts) + Math.abs(sumX * sumY / n);
        if (Math.abs(sxy) > bound + ROUNDING * (scale + 1)) {
            throw new IllegalArgumentException(field + " is inconsistent with the other sums: centred cross products "
                    + sxy + " exceed sqrt(Sxx*Syy) = " + bound);
        }
    }
}
