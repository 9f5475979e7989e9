package io.recolab.analysis;

/**
 * A running sum that keeps the low-order digits each addition rounds away (Neumaier's improved
 * Kahan summation: Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54, 1974). The results page adds one rollup cell per day; with large values
 * (mean >> sd) the plain sum of squares would lose the very digits the variance is made of.
 */
final class CompensatedSum {
    private double sum;
    private double compensation;

    void add(double value) {
        double t = sum + value;
        if (Math.abs(sum) >= Math.abs(value)) {
            compensation += (sum - t) + value;
        } else {
            compensation += (value - t) + sum;
        }
        sum = t;
    }

    double value() {
        return sum + compensation;
    }
}
