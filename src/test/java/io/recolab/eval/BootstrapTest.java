package io.recolab.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapTest {
    @Test
    void sameSeedSameInterval() {
        double[] values = new double[400];
        int[] cluster = new int[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3 == 0 ? 1 : 0;
            cluster[i] = i / 4;
        }
        double[] first = Bootstrap.clusteredMean(values, cluster, 100, 0.95, 1000, 42);
        double[] again = Bootstrap.clusteredMean(values, cluster, 100, 0.95, 1000, 42);
        double[] other = Bootstrap.clusteredMean(values, cluster, 100, 0.95, 1000, 43);
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
        double mean = 134.0 / 400;
        assertThat(first[0]).isLessThan(mean);
        assertThat(first[1]).isGreaterThan(mean);
    }

    @Test
    void resamplingCustomersWidensTheIntervalWhenTheirPairsAgree() {
        // 100 customers with 4 pairs each, all hits or all misses: effectively 100 observations, not 400.
        double[] values = new double[400];
        int[] byCustomer = new int[400];
        int[] byPair = new int[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i / 4) % 2;
            byCustomer[i] = i / 4;
            byPair[i] = i;
        }
        double[] customers = Bootstrap.clusteredMean(values, byCustomer, 100, 0.95, 2000, 1);
        double[] pairs = Bootstrap.clusteredMean(values, byPair, 400, 0.95, 2000, 1);
        double customerWidth = customers[1] - customers[0];
        double pairWidth = pairs[1] - pairs[0];
        assertThat(customerWidth).isGreaterThan(1.6 * pairWidth); // about sqrt(4) = 2 times wider
    }

    @Test
    void evaluationsWithTheSameSeedRepeat() {
        io.recolab.data.Interactions log = io.recolab.data.DataSource.parse("synthetic:customers=400,items=150,days=90,seed=3")
                .load().interactions();
        Protocol protocol = new Protocol(2, java.time.Duration.ofDays(14), 6);
        io.recolab.recommend.Recommender bestseller = new io.recolab.recommend.bestseller.Bestseller();
        EvaluationResult a = new Evaluation(log, protocol, protocol.cutoffTimes(log), 7, 500).run("b", bestseller);
        EvaluationResult b = new Evaluation(log, protocol, protocol.cutoffTimes(log), 7, 500).run("b", bestseller);
        assertThat(a.customers()).isPositive();
        assertThat(new double[] {a.hitAtK(), a.hitCiLow(), a.hitCiHigh(), a.recallAtK(), a.ndcgAtK(), a.coverage()})
                .containsExactly(b.hitAtK(), b.hitCiLow(), b.hitCiHigh(), b.recallAtK(), b.ndcgAtK(), b.coverage());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Bootstrap.clusteredMean(new double[2], new int[1], 1, 0.95, 100, 1))
                .hasMessageContaining("differ in length");
        assertThat(Bootstrap.clusteredMean(new double[0], new int[0], 0, 0.95, 100, 1)).containsExactly(0, 0);
    }
}
