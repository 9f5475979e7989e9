package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;

/**
 * The "naive" differential probability P(B | bought A) - P(B) = N_AB/|A| - |B|/N, N = customers with any
 * purchase. Smith and Linden (2017) start from it and show its flaw: heavy buyers of A buy B by chance,
 * so popular B and heavy-buyer-driven pairs rise. Kept as the baseline that {@link CorrectedRelatedness} fixes.
 */
public final class NaiveRelatedness implements Relatedness {
    @Override
    public PairScorer fit(CustomerItems matrix, Csr buyersByItem) {
        int customers = 0;
        for (int c = 0; c < matrix.customers(); c++) {
            if (matrix.size(c) > 0) {
                customers++;
            }
        }
        double n = Math.max(1, customers);
        return (a, b, together) -> (double) together / buyersByItem.size(a) - buyersByItem.size(b) / n;
    }

    @Override
    public String toString() {
        return "naive";
    }
}
