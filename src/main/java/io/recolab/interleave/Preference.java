package io.recolab.interleave;

/**
 * A unit's verdict (Chapelle, Joachims, Radlinski, Yue, "Large-scale validation and analysis of
 * interleaved search evaluation", TOIS 2012, section 3): the side whose items it took more often, or a tie
 * (equal credit, including none).
 */
public enum Preference {
    A, B, TIE;

    public static Preference of(long creditsA, long creditsB) {
        return creditsA > creditsB ? A : creditsB > creditsA ? B : TIE;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
