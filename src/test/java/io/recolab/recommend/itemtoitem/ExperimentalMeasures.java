package io.recolab.recommend.itemtoitem;

import io.recolab.data.Csr;
import io.recolab.data.CustomerItems;

/**
 * Variants tried on development cutoffs only (see docs/recommenders.md), not registered:
 * the excess N_AB - E_AB instead of the z-like (N_AB - E_AB)/sqrt(E_AB).
 */
public final class ExperimentalMeasures {
    private ExperimentalMeasures() {
    }

    public static Relatedness excess() {
        return new Relatedness() {
            @Override
            public PairScorer fit(CustomerItems matrix, Csr buyersByItem) {
                PairScorer z = new CorrectedRelatedness().fit(matrix, buyersByItem);
                // z = (N - E)/sqrt(E)  =>  with u = sqrt(E): u^2 + z u - N = 0, u = (-z + sqrt(z^2 + 4N)) / 2
                return (a, b, together) -> {
                    double score = z.score(a, b, together);
                    double u = (-score + Math.sqrt(score * score + 4.0 * together)) / 2;
                    return together - u * u;
                };
            }

            @Override
            public String toString() {
                return "excess";
            }
        };
    }
}
