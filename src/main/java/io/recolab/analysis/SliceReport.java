package io.recolab.analysis;

import java.util.List;

/**
 * An experiment's results for one metric broken down by one slice dimension (issue 22.8). Each
 * slice is compared as the whole experiment is (same test, alpha), and the p-values of every
 * (slice, treatment) pair are corrected together with {@code correction} (Holm: the family-wise
 * error over all slices stays at alpha, so "it works on mobile in Brazil" found by scanning
 * slices is not a false alarm more often than alpha). Each slice has its own sample-ratio check.
 */
public record SliceReport(String experiment, String metric, String metricType, String dimension, String test,
                          String correction, double alpha, int familySize, List<Slice> slices, String message) {
    /** One value of the dimension; comparisons' adjustedPValue and significant are across the slices' family. */
    public record Slice(String value, List<ResultsReport.TreatmentResult> treatments,
                        List<ResultsReport.ComparisonView> comparisons, ResultsReport.Srm srm) {
    }
}
