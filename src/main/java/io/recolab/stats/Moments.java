package io.recolab.stats;

/** Consistency checks on co-moment sums that arrive from outside. */
final class Moments {
    private static final double ROUNDING = 1e-9;

    private Moments() {
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
