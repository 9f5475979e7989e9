package io.recolab.recommend.ease;

import io.recolab.data.CustomerItems;
import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.tuning.TemporalValidation;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ease}: Embarrassingly Shallow Autoencoder (Steck, "Embarrassingly Shallow Autoencoders for Sparse
 * Data", WWW 2019). An item-item weight matrix B with a zero diagonal minimises ||X - XB||² + lambda ||B||²
 * for the binary customer x item matrix X, in closed form: P = (XᵀX + lambda I)⁻¹, B_ij = -P_ij / P_jj.
 * A customer's score for item j is the sum of B_ij over the items i they have. A strong linear yardstick
 * in recent comparisons (Dacrema et al., RecSys 2019; Anelli et al., RecSys 2022).
 * <p>
 * Cost: the inversion is cubic in the items, so only the {@code maxItems} items with the most customers
 * take part (the others still come from the fallback); each row of B keeps its {@code neighbours} largest
 * weights by magnitude, so a served model costs items x neighbours x 8 bytes. Without a fixed lambda,
 * lambda is chosen by {@link TemporalValidation} on the last 14 days of the training period, then the model
 * is refitted on all of it.
 */
public final class Ease implements Recommender {
    public static final String NAME = "ease";
    public static final int DEFAULT_MAX_ITEMS = 2500;
    public static final int DEFAULT_NEIGHBOURS = 256;
    /** Candidates for lambda, most to least regularised (a tie keeps the more regularised): a log grid over 2.5 decades. */
    public static final List<Double> LAMBDAS = List.of(1250.0, 250.0, 50.0, 10.0);

    private static final Logger LOG = LoggerFactory.getLogger(Ease.class);

    private final double lambda;
    private final int maxItems;
    private final int neighbours;

    /** Lambda chosen per training log by temporal validation; 2,500 items; 256 weights per item. */
    public Ease() {
        this(Double.NaN, DEFAULT_MAX_ITEMS, DEFAULT_NEIGHBOURS);
    }

    /** @param lambda the L2 weight, or NaN to choose it by temporal validation */
    public Ease(double lambda, int maxItems, int neighbours) {
        if (!Double.isNaN(lambda) && !(lambda > 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("ease lambda must be a positive number, got " + lambda);
        }
        if (maxItems < 1 || maxItems > 20_000) {
            throw new IllegalArgumentException("ease items must be in 1..20000, got " + maxItems);
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("ease neighbours must be >= 1, got " + neighbours);
        }
        this.lambda = lambda;
        this.maxItems = maxItems;
        this.neighbours = neighbours;
    }

    @Override
    public TrainedModel train(Interactions training) {
        if (!Double.isNaN(lambda)) {
            return fit(training, lambda);
        }
        TemporalValidation.Choice<Double> choice = tune(training);
        String settings = choice.describe("lambda", l -> String.format(Locale.ROOT, "%.0f", l));
        LOG.info("ease: {}", settings);
        return TrainedModel.described(fit(training, choice.chosen()), settings);
    }

    /**
     * Chooses lambda by temporal validation. The Gram matrix of the log before the validation window is counted
     * once and shared by every lambda (each adds its own diagonal to a copy), so the grid costs one count and
     * one inversion per lambda.
     */
    public TemporalValidation.Choice<Double> tune(Interactions training) {
        return TemporalValidation.DEFAULT.chooseModels(training, LAMBDAS, fit -> {
            Gram gram = Gram.of(fit, maxItems);
            return l -> solve(gram, l);
        });
    }

    /** The closed-form solution for one lambda. */
    Model fit(Interactions training, double l2) {
        return solve(Gram.of(training, maxItems), l2);
    }

    /** XᵀX of one log over its chosen items (dense index of each item, -1 = not chosen). */
    private record Gram(CustomerItems baskets, int[] chosen, int[] dense, double[] counts) {
        static Gram of(Interactions training, int maxItems) {
            CustomerItems baskets = training.customerItems();
            int[] chosen = mostBought(baskets, training.itemCount(), maxItems);
            int[] dense = new int[training.itemCount()];
            Arrays.fill(dense, -1);
            for (int d = 0; d < chosen.length; d++) {
                dense[chosen[d]] = d;
            }
            double[] counts = chosen.length == 0 ? new double[0] : gram(baskets, dense, chosen.length).data;
            return new Gram(baskets, chosen, dense, counts);
        }
    }

    private Model solve(Gram g, double l2) {
        int n = g.chosen().length;
        if (n == 0) {
            return new Model(g.baskets(), g.dense(), new int[1], new int[0], new float[0], l2);
        }
        DMatrixRMaj gram = DMatrixRMaj.wrap(n, n, g.counts().clone());
        for (int d = 0; d < n; d++) {
            gram.data[d * n + d] += l2;
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
        if (!solver.setA(gram)) {
            throw new IllegalStateException("ease: the regularised Gram matrix is not positive definite (lambda " + l2 + ")");
        }
        DMatrixRMaj p = new DMatrixRMaj(n, n);
        solver.invert(p);
        return prune(g.baskets(), p.data, n, g.dense(), g.chosen(), l2);
    }

    /** XᵀX over the chosen items: co-occurrence counts, the diagonal being each item's customers. */
    private static DMatrixRMaj gram(CustomerItems baskets, int[] dense, int n) {
        double[] g = new double[n * n];
        int[] basket = new int[baskets.itemCount()];
        for (int c = 0; c < baskets.customers(); c++) {
            int size = 0;
            for (int e = baskets.start(c); e < baskets.end(c); e++) {
                int d = dense[baskets.item(e)];
                if (d >= 0) {
                    basket[size++] = d;
                }
            }
            for (int a = 0; a < size; a++) {
                int row = basket[a] * n;
                for (int b = 0; b < size; b++) {
                    g[row + basket[b]] += 1;
                }
            }
        }
        return DMatrixRMaj.wrap(n, n, g);
    }

    /** B_ij = -P_ij / P_jj (i != j), keeping each row's largest weights by magnitude, as CSR. */
    private Model prune(CustomerItems baskets, double[] p, int n, int[] dense, int[] chosen, double l2) {
        int keep = Math.min(neighbours, n - 1);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n * keep];
        float[] weights = new float[n * keep];
        double[] row = new double[n];
        Integer[] order = new Integer[n];
        int out = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = i == j ? 0 : -p[i * n + j] / p[j * n + j];
                order[j] = j;
            }
            if (keep < n - 1) {
                // Largest |weight| first; ties by column so that the model is the same on every run.
                Arrays.sort(order, (a, b) -> {
                    int byWeight = Double.compare(Math.abs(row[b]), Math.abs(row[a]));
                    return byWeight != 0 ? byWeight : Integer.compare(a, b);
                });
            }
            int taken = 0;
            for (int k = 0; k < n && taken < keep; k++) {
                int j = order[k];
                if (j == i) {
                    continue;
                }
                columns[out] = chosen[j];
                weights[out] = (float) row[j];
                out++;
                taken++;
            }
            rowStart[i + 1] = out;
        }
        return new Model(baskets, dense, rowStart, Arrays.copyOf(columns, out), Arrays.copyOf(weights, out), l2);
    }

    /** The (at most) {@code limit} items with the most customers, ties by item index, in index order. */
    static int[] mostBought(CustomerItems baskets, int items, int limit) {
        int[] customers = new int[items];
        for (int c = 0; c < baskets.customers(); c++) {
            for (int e = baskets.start(c); e < baskets.end(c); e++) {
                customers[baskets.item(e)]++;
            }
        }
        Integer[] order = new Integer[items];
        int bought = 0;
        for (int i = 0; i < items; i++) {
            if (customers[i] > 0) {
                order[bought++] = i;
            }
        }
        Arrays.sort(order, 0, bought, (a, b) -> customers[a] != customers[b]
                ? Integer.compare(customers[b], customers[a]) : Integer.compare(a, b));
        int[] chosen = new int[Math.min(limit, bought)];
        for (int k = 0; k < chosen.length; k++) {
            chosen[k] = order[k];
        }
        Arrays.sort(chosen);
        return chosen;
    }

    @Override
    public String toString() {
        return NAME + "(lambda=" + (Double.isNaN(lambda) ? "auto" : lambda) + ", items=" + maxItems
                + ", neighbours=" + neighbours + ")";
    }

    /**
     * A trained EASE: for each chosen item (dense index d), its pruned row of B over item indexes,
     * {@code columns/weights[rowStart[d] .. rowStart[d+1])}; scores the customers of its training log.
     */
    record Model(CustomerItems baskets, int[] dense, int[] rowStart, int[] columns, float[] weights, double lambda)
            implements TrainedModel {
        @Override
        public void score(int customer, float[] scores) {
            if (customer < 0 || customer >= baskets.customers()) {
                return;
            }
            for (int e = baskets.start(customer); e < baskets.end(customer); e++) {
                int d = dense[baskets.item(e)];
                if (d < 0) {
                    continue;
                }
                for (int k = rowStart[d]; k < rowStart[d + 1]; k++) {
                    scores[columns[k]] += weights[k];
                }
            }
        }
    }
}
