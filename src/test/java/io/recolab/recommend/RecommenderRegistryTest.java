package io.recolab.recommend;

import io.recolab.recommend.bestseller.Bestseller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecommenderRegistryTest {
    @Test
    void contractNames() {
        assertThat(RecommenderRegistry.defaults().names()).containsExactly(
                "bestseller", "item-to-item", "item-to-item-cosine", "item-to-item-naive", "user-based");
        assertThat(RecommenderRegistry.defaults().create("bestseller")).isInstanceOf(Bestseller.class);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> RecommenderRegistry.builtIn().create("autoencoder"))
                .hasMessage("unknown recommender 'autoencoder' (known: bestseller, item-to-item, "
                        + "item-to-item-cosine, item-to-item-naive, user-based)");
    }

    @Test
    void registeringIsOneCall() {
        RecommenderRegistry more = RecommenderRegistry.builtIn().with("autoencoder", Bestseller::new);
        assertThat(more.contains("autoencoder")).isTrue();
        assertThat(RecommenderRegistry.builtIn().contains("autoencoder")).isFalse();
        assertThatThrownBy(() -> more.with("bestseller", Bestseller::new)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> more.with("Bad Name", Bestseller::new)).hasMessageContaining("'Bad Name'");
    }
}
