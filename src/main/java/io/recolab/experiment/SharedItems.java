package io.recolab.experiment;

import java.util.Locale;

/**
 * Whom an interleaving experiment credits for an item that both recommenders' lists hold (issue 24).
 * {@code picker} (the default, team-draft as Radlinski, Kurup and Joachims published it, CIKM 2008): the
 * side whose pick placed the item in the shown list. {@code neutral}: nobody, since either side would have
 * shown the item; the credit then comes only from items one list holds and the other does not, where the
 * preference signal is. Neutral items still take their place in the list, so the draft is unchanged.
 */
public enum SharedItems {
    PICKER, NEUTRAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
