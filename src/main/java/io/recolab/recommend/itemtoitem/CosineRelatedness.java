package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;

/**
 * Cosine between binary customer vectors: N_AB / sqrt(|A| |B|), |X| = distinct buyers of X.
 * Linden, Smith and York, "Amazon.com recommendations: item-to-item collaborative filtering",
 * IEEE Internet Computing 7(1), 2003, which scores each item pair found by scanning customers.
 */
public final class CosineRelatedness implements Relatedness {
    @Override
    public PairScorer fit(CustomerItems matrix, Csr buyersByItem) {
        return (a, b, together) -> together / Math.sqrt((double) buyersByItem.size(a) * buyersByItem.size(b));
    }

    @Override
    public String toString() {
        return "cosine";
    }
}
