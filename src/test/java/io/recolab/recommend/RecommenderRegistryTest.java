package io.recolab.recommend;

import io.recolab.recommend.bestseller.Bestseller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecommenderRegistryTest {
    @Test
    void contractNames() {
        assertThat(RecommenderRegistry.defaults().names()).containsExactly(
                "bestseller", "item-to-item", "item-to-item-cosine", "item-to-item-naive", "autoencoder",
                "autoencoder-network", "autoencoder-static", "user-based", "ease");
        assertThat(RecommenderRegistry.defaults().create("bestseller")).isInstanceOf(Bestseller.class);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> RecommenderRegistry.builtIn().create("popular-now"))
                .hasMessage("unknown recommender 'popular-now' (known: bestseller, item-to-item, "
                        + "item-to-item-cosine, item-to-item-naive, autoencoder, autoencoder-network, autoencoder-static, user-based, ease)");
    }

    @Test
    void registeringIsOneCall() {
        RecommenderRegistry more = RecommenderRegistry.builtIn().with("popular-now", Bestseller::new);
        assertThat(more.contains("popular-now")).isTrue();
        assertThat(RecommenderRegistry.builtIn().contains("popular-now")).isFalse();
        assertThatThrownBy(() -> more.with("bestseller", Bestseller::new)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> more.with("Bad Name", Bestseller::new)).hasMessageContaining("'Bad Name'");
    }
}
