package io.recolab.interleave;

import io.recolab.experiment.ExperimentDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Markdown tables of an interleaving result and of a design comparison, as {@code simulate} prints them. */
public final class InterleavingTable {
    private InterleavingTable() {
    }

    public static String render(ExperimentDefinition d, InterleavingSummary s) {
        StringBuilder out = new StringBuilder();
        out.append("| side | treatment | recommender | units preferring | share of non-tied | 95% CI (Clopper-Pearson) |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Side side : Side.values()) {
            var t = d.treatments().get(side.ordinal());
            double share = side == Side.A ? s.shareA() : s.shareB();
            double low = side == Side.A ? s.shareALow() : 1 - s.shareAHigh();
            double high = side == Side.A ? s.shareAHigh() : 1 - s.shareALow();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s |%n", side, t.name(), t.recommender(),
                    side == Side.A ? s.preferA() : s.preferB(), pct(share),
                    Double.isNaN(low) ? "" : "[" + pct(low) + ", " + pct(high) + "]"));
        }
        out.append(String.format(Locale.ROOT, "%nunits %d, ties %d; exact sign test p = %s, sequential p = %s: %s%n",
                s.units(), s.ties(), p(s.pValue()), p(s.sequentialPValue()),
                s.winner() == null ? "no preference detected at alpha " + s.alpha()
                        : "units prefer " + s.winner() + " (" + d.treatments().get(s.winner().ordinal()).recommender() + ")"));
        return out.toString();
    }

    public static String render(List<DesignComparison.Row> rows, double alpha) {
        StringBuilder out = new StringBuilder();
        out.append("| seed | customers | A/B final | A/B final p | A/B first | A/B stays | interleaving first | interleaving stays"
                + " | sequential first | interleaving final | interleaving final p | ever significant the other way |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (DesignComparison.Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.seed(),
                    r.customers(), side(r.abFinal()), p(r.abFinalP()), n(r.ab().first()),
                    n(r.ab().stays()), n(r.interleaving().first()), n(r.interleaving().stays()), n(r.sequential().first()),
                    side(r.interleavingFinal()), p(r.interleavingFinalP()), r.interleavingWrongWay() ? "yes" : "no"));
        }
        out.append(String.format(Locale.ROOT, "%nreference direction (the A/B test's on all customers, in expectation over"
                + " the split): %s%n", rows.isEmpty() ? "-" : side(rows.get(0).abDirection())));
        out.append(String.format(Locale.ROOT, "medians over %d seeds (never = not counted): A/B first %s, stays %s;"
                        + " interleaving first %s, stays %s; sequential first %s%n", rows.size(),
                median(rows.stream().mapToInt(r -> r.ab().first()).toArray()),
                median(rows.stream().mapToInt(r -> r.ab().stays()).toArray()),
                median(rows.stream().mapToInt(r -> r.interleaving().first()).toArray()),
                median(rows.stream().mapToInt(r -> r.interleaving().stays()).toArray()),
                median(rows.stream().mapToInt(r -> r.sequential().first()).toArray())));
        out.append(String.format(Locale.ROOT, "A/B significant at the end in %d of %d seeds; interleaving in %d;"
                        + " opposite final verdicts (both significant): %d; interleaving ever significant the other way: %d%n",
                rows.stream().filter(r -> r.abFinalP() < alpha).count(), rows.size(),
                rows.stream().filter(r -> r.interleavingFinalP() < alpha).count(),
                rows.stream().filter(r -> r.disagrees(alpha)).count(),
                rows.stream().filter(DesignComparison.Row::interleavingWrongWay).count()));
        return out.toString();
    }

    public static String render(DesignComparison.Plan p) {
        return String.format(Locale.ROOT, "on all %d customers: A's list converts %.2f%%, B's %.2f%% (A/B direction %s);"
                        + " interleaving: %.1f%% of units tie, %.1f%% of the others prefer A (direction %s)%n"
                        + "customers needed for 80%% power at alpha 0.05: A/B %s, interleaving %s, ratio %s; directions %s%n"
                        + "both sides show the same items to %.1f%% of the customers; %.1f%% of the items taken from either"
                        + " list are in both%n",
                p.customers(), 100 * p.rateA(), 100 * p.rateB(), side(p.abDirection()), 100 * p.tieRate(), 100 * p.shareA(),
                side(p.interleavingDirection()), needed(p.abNeeded()), needed(p.interleavingNeeded()),
                Double.isFinite(p.ratio()) && Double.isFinite(p.abNeeded()) && Double.isFinite(p.interleavingNeeded())
                        ? String.format(Locale.ROOT, "%.1fx", p.ratio()) : "-",
                p.agree() ? "agree" : "DISAGREE", 100 * p.identicalLists(), 100 * p.sharedTaken());
    }

    /** A planned sample size, or "never" when the design sees no effect at all (an infinite size). */
    private static String needed(double customers) {
        return Double.isFinite(customers) ? String.format(Locale.ROOT, "%.0f", customers) : "never (no effect seen)";
    }

    private static String side(Side s) {
        return s == null ? "-" : s.name();
    }

    /** The median of the reached values ("never", -1, left out) and how many there were. */
    static String median(int[] values) {
        int[] reached = Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
        if (reached.length == 0) {
            return "never (0 of " + values.length + ")";
        }
        int m = reached.length;
        double median = m % 2 == 1 ? reached[m / 2] : (reached[m / 2 - 1] + reached[m / 2]) / 2.0;
        return String.format(Locale.ROOT, "%s (%d of %d seeds)", median == Math.rint(median) ? String.valueOf((long) median)
                : String.valueOf(median), m, values.length);
    }

    private static String n(int v) {
        return v < 0 ? "never" : String.valueOf(v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String p(double v) {
        return v < 1e-4 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
