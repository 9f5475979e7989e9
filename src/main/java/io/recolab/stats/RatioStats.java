package io.recolab.stats;

/**
 * One arm of a ratio metric: per unit a numerator Y (sum, sumSquares) and a denominator X
 * (denominatorSum, denominatorSumSquares), with sumProducts = sum of X*Y.
 */
public record RatioStats(long n, double sum, double sumSquares, double denominatorSum,
                         double denominatorSumSquares, double sumProducts) {
    public RatioStats {
        new SufficientStats(n, sum, sumSquares);
        try {
            new SufficientStats(n, denominatorSum, denominatorSumSquares);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("sumSquares", "denominatorSumSquares").replaceFirst("^sum\\b", "denominatorSum"), e);
        }
        Checks.finite("sumProducts", sumProducts);
        Moments.requireCauchySchwarz("sumProducts", n, sum, sumSquares, denominatorSum, denominatorSumSquares, sumProducts);
    }
}
