package io.recolab.interleave;

import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.ConfidenceSequence;

/**
 * The result of an interleaving experiment: units by preference, the share of non-tied units preferring
 * each side with its Clopper-Pearson interval, the exact sign test and its sequential variant.
 *
 * @param shareA share of non-tied units preferring A (NaN when every unit tied)
 * @param winner the side the sign test favours at {@code alpha}, or null when it does not reject
 */
public record InterleavingSummary(long units, long preferA, long preferB, long ties, double shareA, double shareALow,
                                  double shareAHigh, double pValue, double sequentialPValue, double alpha,
                                  Side winner) {
    public static final double ALPHA = 0.05;

    public static InterleavingSummary of(long preferA, long preferB, long ties) {
        return of(preferA, preferB, ties, ALPHA, ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING);
    }

    /** @param sequentialTuning the planned number of non-tied units the sequential boundary is tightest at */
    public static InterleavingSummary of(long preferA, long preferB, long ties, double alpha, double sequentialTuning) {
        long decided = preferA + preferB;
        double[] ci = SignTest.interval(preferA, preferB, alpha);
        double p = SignTest.pValue(preferA, preferB);
        double seq = SignTest.sequentialPValue(preferA, preferB, ConfidenceSequence.rhoSquared(alpha, sequentialTuning));
        Side winner = p < alpha ? (preferA > preferB ? Side.A : Side.B) : null;
        return new InterleavingSummary(decided + ties, preferA, preferB, ties,
                decided == 0 ? Double.NaN : (double) preferA / decided,
                ci == null ? Double.NaN : ci[0], ci == null ? Double.NaN : ci[1], p, seq, alpha, winner);
    }

    public double shareB() {
        return 1 - shareA;
    }
}
