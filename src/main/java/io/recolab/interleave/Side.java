package io.recolab.interleave;

/** The two recommenders of an interleaving experiment: A is the definition's first treatment, B its second. */
public enum Side {
    A, B;

    public String wireName() {
        return name();
    }
}
