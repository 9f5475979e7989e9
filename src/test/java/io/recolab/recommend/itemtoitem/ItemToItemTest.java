package io.recolab.recommend.itemtoitem;

import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.bestseller.Bestseller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ItemToItemTest {
    private static final long DAY = 86_400;
    private static final long NOW = 1_000 * DAY;

    // x owns A (60 days ago), B and C (today); y owns D..G so they are in the catalogue. Items A..G = 0..6.
    private final Interactions log = TestLogs.log(
            "x A " + (NOW - 60 * DAY), "x B " + (NOW - 1), "x C " + (NOW - 1),
            "y D 0", "y E 0", "y F 0", "y G 0");

    // A -> D 0.5, E 0.25;  B -> D 0.25, F 0.75;  C -> E 0.5, G 0.1
    private final SimilarItems table = new SimilarItems(new int[] {0, 2, 4, 6, 6, 6, 6, 6},
            new int[] {3, 4, 3, 5, 4, 6}, new float[] {0.5f, 0.25f, 0.25f, 0.75f, 0.5f, 0.1f});

    private Ranked top(double halfLifeDays, int n) {
        ItemToItem.Model model = new ItemToItem.Model(table, log.customerItems(), NOW, halfLifeDays);
        return new Recommendations(model, log, Bestseller.ranking(log, Bestseller.DEFAULT_WINDOW)).top("x", n);
    }

    @Test
    void aggregatesTheRelatedListsOfABasketOfThree() {
        Ranked ranked = top(0, 4);
        // D = 0.5 + 0.25, E = 0.25 + 0.5, F = 0.75: a three-way tie broken by item index; G = 0.1
        assertThat(ranked.itemIds(log.items())).containsExactly("D", "E", "F", "G");
        assertThat(ranked.scores()).containsExactly(0.75f, 0.75f, 0.75f, 0.1f);
        assertThat(top(0, 2).itemIds(log.items())).containsExactly("D", "E");
    }

    @Test
    void olderPurchasesWeighLess() {
        Ranked ranked = top(60, 3); // A was bought one half-life ago: weight 1/2
        assertThat(ranked.itemIds(log.items())).containsExactly("F", "E", "D");
        assertThat(ranked.scores()[1]).isCloseTo(0.125f + 0.5f, within(1e-4f));
        assertThat(ranked.scores()[2]).isCloseTo(0.25f + 0.25f, within(1e-4f));
    }

    @Test
    void endToEndTheCorrectedMeasureDiscountsHeavyBuyers() {
        // "me" bought L and H. L's other buyers are light and also bought Y; H's other buyers are heavy and
        // also bought X (and much else). X and Y are equally popular, so P(X|H) - P(X) = P(Y|L) - P(Y).
        Interactions shop = TestLogs.baskets(
                "1: L Y", "2: L Y",
                "3: H X f0 f1 f2 f3 f4 f5 f6 f7", "4: H X g0 g1 g2 g3 g4 g5 g6 g7",
                "me: L H");
        ItemToItem corrected = new ItemToItem(new CorrectedRelatedness(), new ItemToItemConfig(50, 2, 0));
        ItemToItem naive = new ItemToItem(new NaiveRelatedness(), new ItemToItemConfig(50, 1, 0));
        // corrected: E_LY = 3 (2/26) = 0.23, score 3.68; E_HX = 2 (1 - (24/26)^9) + 2/26 = 1.10, score 0.85
        assertThat(Recommendations.train(corrected, shop).top("me", 1).itemIds(shop.items())).containsExactly("Y");
        // naive: a tie (2/3 - 2/5 each), broken by item id: X
        assertThat(Recommendations.train(naive, shop).top("me", 1).itemIds(shop.items())).containsExactly("X");
    }
}
