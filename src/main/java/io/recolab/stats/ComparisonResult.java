package io.recolab.stats;

import java.util.List;

/** The answer of {@link Analyzer#compare}: one comparison per treatment, in request order. */
public record ComparisonResult(String metric, String difference, String test, String alternative, double alpha,
                               String correction, List<Comparison> comparisons) {
}
