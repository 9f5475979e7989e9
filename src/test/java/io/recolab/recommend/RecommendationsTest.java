package io.recolab.recommend;

import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.bestseller.Bestseller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecommendationsTest {
    // items 1..6; customer "a" owns 1 and 2; item 6 is the bestseller, then 5, 4, 3...
    private final Interactions log = TestLogs.log(
            "a 1 10", "a 2 11",
            "b 6 20", "c 6 21", "d 6 22", "b 5 23", "c 5 24", "d 4 25", "b 3 26", "b 1 27", "c 1 28", "d 1 29");
    private final int[] fallback = Bestseller.ranking(log, Bestseller.DEFAULT_WINDOW);

    @Test
    void neverRecommendsOwnedItemsAndBreaksTiesByItemIndex() {
        // The model likes every item equally, owned ones included.
        Recommendations r = new Recommendations((customer, scores) -> java.util.Arrays.fill(scores, 1f), log, fallback);
        int a = log.customers().index("a");
        Ranked top = r.top(a, 3);
        assertThat(top.itemIds(log.items())).containsExactly("3", "4", "5");
        assertThat(top.personalized()).isEqualTo(3);
        assertThat(r.top(a, 3)).usingRecursiveComparison().isEqualTo(top);
    }

    @Test
    void fillsFromFallbackWhenModelRunsOut() {
        int five = log.items().index("5");
        Recommendations r = new Recommendations((customer, scores) -> scores[five] = 0.3f, log, fallback);
        Ranked top = r.top("a", 3);
        assertThat(top.itemIds(log.items())).containsExactly("5", "6", "3"); // fallback: 1 owned, 6, (5 taken), 2 owned, 3
        assertThat(top.personalized()).isEqualTo(1);
        assertThat(top.scores()).containsExactly(0.3f, 0f, 0f);
    }

    @Test
    void unknownAndColdCustomersGetTheFallback() {
        Recommendations r = new Recommendations((customer, scores) -> {
            throw new AssertionError("the model must not be asked about customer " + customer);
        }, log.before(15), Bestseller.ranking(log.before(15), Bestseller.DEFAULT_WINDOW));
        Ranked unknown = r.top("zed", 2);
        assertThat(unknown.isFallback()).isTrue();
        assertThat(unknown.itemIds(log.items())).containsExactly("1", "2"); // bought before the cut
        Ranked cold = r.top(log.customers().index("b"), 2); // known id, no history before the cut
        assertThat(cold.isFallback()).isTrue();
        assertThat(cold.size()).isEqualTo(2);
    }

    @Test
    void shortListWhenTheCatalogueIsExhausted() {
        Recommendations r = Recommendations.train(new Bestseller(), log);
        assertThat(r.top("a", 10).size()).isEqualTo(4);
        assertThatThrownBy(() -> r.top(99, 1)).hasMessageContaining("out of range");
    }
}
