package io.recolab.recommend.bestseller;

import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Recommendations;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BestsellerTest {
    private static final long DAY = 86_400;
    private static final long T = 100 * DAY;

    // Before the last 14 days: x is bought by 3 customers, y by 1. In the last 14 days: y by 2 distinct
    // customers (one of them twice), z by 2, x by 1, w by 1.
    private final Interactions log = TestLogs.log(
            "1 x " + DAY, "2 x " + 2 * DAY, "3 x " + 3 * DAY, "4 y " + 4 * DAY,
            "1 y " + (T - 10 * DAY), "1 y " + (T - 9 * DAY), "2 y " + (T - 8 * DAY),
            "3 z " + (T - 5 * DAY), "4 z " + (T - 4 * DAY),
            "5 x " + (T - 3 * DAY), "5 w " + (T - 2 * DAY),
            "6 v " + (T + DAY));

    @Test
    void ranksByDistinctRecentCustomersThenAllTimeThenId() {
        Interactions training = log.before(T);
        int[] ranking = Bestseller.ranking(training, Bestseller.DEFAULT_WINDOW);
        String[] ids = new String[ranking.length];
        for (int i = 0; i < ranking.length; i++) {
            ids[i] = training.items().id(ranking[i]);
        }
        // y: 2 recent, 3 total; z: 2 recent, 2 total; x: 1 recent, 4 total; w: 1 recent 1 total; v: after T
        assertThat(ids).containsExactly("y", "z", "x", "w", "v");
    }

    @Test
    void windowIsConfigurable() {
        int[] ranking = Bestseller.ranking(log.before(T), Duration.ofDays(4));
        assertThat(log.items().id(ranking[0])).isEqualTo("x"); // x and z have 1 recent each; x has more in all
    }

    @Test
    void topNFollowsTheRanking() {
        Recommendations r = Recommendations.train(new Bestseller(), log.before(T));
        assertThat(r.top("6", 3).itemIds(log.items())).containsExactly("y", "z", "x");
        assertThat(r.top("1", 2).itemIds(log.items())).containsExactly("z", "w"); // owns x and y
        assertThat(r.top("1", 2).personalized()).isEqualTo(2);
    }

    @Test
    void rejectsEmptyWindow() {
        assertThatThrownBy(() -> new Bestseller(Duration.ZERO)).hasMessageContaining("PT0S");
    }
}
