package io.recolab.analysis;

import java.time.LocalDate;

/**
 * One treatment's units first exposed on one UTC day, with their metric's sufficient statistics
 * (CONTRACT §6: conversions = units with a counted conversion; sum and sumSquares of per-unit
 * values) and the running totals up to and including that day.
 */
public record DailyRow(LocalDate date, String treatment, long units, long conversions, double sum, double sumSquares,
                       long cumulativeUnits, long cumulativeConversions, double cumulativeSum,
                       double cumulativeSumSquares, double cumulativeMean) {
}
