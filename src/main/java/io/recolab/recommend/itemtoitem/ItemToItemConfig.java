package io.recolab.recommend.itemtoitem;

/**
 * Settings of item-to-item CF.
 *
 * @param maxRelated   related items kept per item (Smith and Linden keep a short list; 20-100 here)
 * @param minSupport   minimum co-purchase count N_AB for a pair to enter the table
 * @param halfLifeDays how fast an old purchase loses weight when aggregating; 0 = no recency weighting
 */
public record ItemToItemConfig(int maxRelated, int minSupport, double halfLifeDays) {
    public ItemToItemConfig {
        if (maxRelated < 1 || maxRelated > 10_000) {
            throw new IllegalArgumentException("maxRelated must be 1..10000, got " + maxRelated);
        }
        if (minSupport < 1) {
            throw new IllegalArgumentException("minSupport must be >= 1, got " + minSupport);
        }
        if (!(halfLifeDays >= 0) || Double.isInfinite(halfLifeDays)) {
            throw new IllegalArgumentException("halfLifeDays must be >= 0 and finite (0 = off), got " + halfLifeDays);
        }
    }
}
