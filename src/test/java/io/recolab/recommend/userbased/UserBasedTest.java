package io.recolab.recommend.userbased;

import io.recolab.data.Interactions;
import io.recolab.data.TestLogs;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UserBasedTest {
    // u {1,2}; v1 {1,2,3}: cosine 2/sqrt(6); v2 {1,4}: 1/2; v3 {5}: no overlap
    private final Interactions log = TestLogs.baskets("u: 1 2", "v1: 1 2 3", "v2: 1 4", "v3: 5 5");

    @Test
    void nearestNeighboursByCosine() {
        Ranked one = Recommendations.train(new UserBased(1), log).top("u", 3);
        assertThat(one.itemIds(log.items())).containsExactly("3", "4", "5"); // 3 from v1, then the fallback by id
        assertThat(one.personalized()).isEqualTo(1);
        assertThat(one.scores()[0]).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
        Ranked two = Recommendations.train(new UserBased(2), log).top("u", 2);
        assertThat(two.itemIds(log.items())).containsExactly("3", "4");
        assertThat(two.scores()[1]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void customerWithoutNeighboursGetsTheFallback() {
        assertThat(Recommendations.train(new UserBased(), log).top("v3", 2).isFallback()).isTrue();
        assertThatThrownBy(() -> new UserBased(0)).hasMessageContaining("got 0");
    }
}
