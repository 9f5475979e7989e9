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

    /**
     * A model may score items below 0 (EASE does): they were neither ranked nor taken by the fallback, which
     * took only items at exactly 0, so a list came out shorter than asked although unowned items were left.
     */
    @Test
    void itemsTheModelScoresBelowZeroStillFillTheList() {
        Recommendations r = new Recommendations((customer, scores) -> java.util.Arrays.fill(scores, -0.5f), log, fallback);
        Ranked top = r.top("a", 4);
        assertThat(top.itemIds(log.items())).containsExactly("6", "5", "3", "4"); // the fallback, owned 1 and 2 left out
        assertThat(top.personalized()).isZero();
    }

    /**
     * Trained before a cutoff, a recommender cannot know an item nobody had yet; the fallback ranked the whole
     * catalogue (its dictionary comes from the whole log) and filled slots with such items, so offline hit
     * rates counted items from the future (red-team, 2026-12-07).
     */
    @Test
    void theFallbackNeverOffersAnItemNobodyHadBeforeTheCutoff() {
        Interactions before = log.before(21); // a: 1, 2; b: 6. Items 3, 4, 5 come later
        Recommendations r = new Recommendations((customer, scores) -> { }, before,
                Bestseller.ranking(before, Bestseller.DEFAULT_WINDOW));
        assertThat(r.top("a", 5).itemIds(before.items())).containsExactly("6");
        assertThat(r.top("zed", 5).itemIds(before.items())).containsExactly("1", "2", "6"); // one customer each: by item id
    }
}
