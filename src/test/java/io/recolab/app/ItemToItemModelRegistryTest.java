package io.recolab.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.recommend.itemtoitem.PrecomputedItemToItem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With a published table the item-to-item treatment serves it; the other recommenders are untouched. */
class ItemToItemModelRegistryTest {
    @Test
    void itemToItemComesFromTheTableOnlyWhenOneIsGiven() {
        Recolab.Config plain = new Recolab.Config("127.0.0.1", 0, Path.of("data"), null, null, null, 1000);
        assertThat(Recolab.registry(plain).create("item-to-item")).isInstanceOf(ItemToItem.class);
        Recolab.Config withTable = new Recolab.Config("127.0.0.1", 0, Path.of("data"), null, null, null, 1000, null,
                Duration.ofDays(1), false, 1000, null, Path.of("models/i2i"));
        assertThat(Recolab.registry(withTable).create("item-to-item")).isInstanceOf(PrecomputedItemToItem.class);
        assertThat(Recolab.registry(withTable).create("item-to-item-cosine")).isInstanceOf(ItemToItem.class);
    }
}
