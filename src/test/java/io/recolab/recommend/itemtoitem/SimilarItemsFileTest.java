package io.recolab.recommend.itemtoitem;

import io.recolab.data.DataException;
import io.recolab.data.Dictionary;
import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.recommend.RecommenderRegistry;
import io.recolab.recommend.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimilarItemsFileTest {
    @TempDir
    Path tmp;

    private final Interactions log = SyntheticGenerator.generate(new SyntheticSpec(600, 200, 90, 3));

    @Test
    void aWrittenTableLoadsBackExactlyAndServesAsTheTrainedOne() {
        ItemToItem.Model trained = ItemToItem.corrected().trainModel(log);
        SimilarItemsFile.write(tmp, trained.table(), log.items(), "corrected", 50, 3);
        SimilarItemsFile.Loaded loaded = SimilarItemsFile.load(tmp, log.items());
        assertThat(loaded.table().offsets()).isEqualTo(trained.table().offsets());
        assertThat(loaded.table().related()).isEqualTo(trained.table().related());
        assertThat(loaded.table().weight()).isEqualTo(trained.table().weight());
        assertThat(loaded.manifest().entries()).isEqualTo(trained.table().related().length);

        TrainedModel fromFile = PrecomputedItemToItem.corrected(tmp).train(log);
        for (int c = 0; c < 50; c++) {
            float[] expected = new float[log.itemCount()];
            float[] actual = new float[log.itemCount()];
            trained.score(c, expected);
            fromFile.score(c, actual);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void itemsTheLogDoesNotKnowAreDroppedAndCounted() throws IOException {
        Files.writeString(tmp.resolve("part-00000"), "a\tb\t2.5\tghost\t1.0\tc\t0.5\nghost\ta\t1.0\n");
        Files.writeString(tmp.resolve(SimilarItemsFile.MANIFEST), manifest(2, 4));
        SimilarItemsFile.Loaded loaded = SimilarItemsFile.load(tmp, Dictionary.ofSorted("a", "b", "c"));
        assertThat(loaded.unknownItems()).isEqualTo(1);
        assertThat(loaded.unknownRelated()).isEqualTo(1);
        SimilarItems t = loaded.table();
        assertThat(t.end(0) - t.start(0)).isEqualTo(2);
        assertThat(t.related()).containsExactly(1, 2);
        assertThat(t.weight()).containsExactly(2.5f, 0.5f);
    }

    @Test
    void gzippedPartsAreRead() throws IOException {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tmp.resolve("part-00000.txt.gz")))) {
            out.write("a\tb\t1.5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.writeString(tmp.resolve(SimilarItemsFile.MANIFEST), manifest(1, 1));
        assertThat(SimilarItemsFile.load(tmp, Dictionary.ofSorted("a", "b")).table().weight()).containsExactly(1.5f);
    }

    @Test
    void aBadTableIsRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> SimilarItemsFile.load(tmp, Dictionary.ofSorted("a")))
                .isInstanceOf(DataException.class).hasMessageContaining("MANIFEST is missing");
        Files.writeString(tmp.resolve(SimilarItemsFile.MANIFEST), manifest(1, 1).replace("version=1", "version=2"));
        assertThatThrownBy(() -> SimilarItemsFile.readManifest(tmp)).hasMessageContaining("version 2 is not supported");
        for (List<String> bad : List.of(
                List.of("a\tb\t1.0\tc\t2.0\n", "best first"),
                List.of("a\tb\tNaN\n", "positive finite"),
                List.of("a\tb\tx\n", "must be a number"),
                List.of("a\tb\n", "expected item then"),
                List.of("a\ta\t1.0\n", "the item itself"),
                List.of("a\tb\t1.0\na\tc\t1.0\n", "second list"),
                List.of("a\tb\t1.0\n", "a part missing or truncated"))) {
            Files.writeString(tmp.resolve("part-00000"), bad.get(0));
            Files.writeString(tmp.resolve(SimilarItemsFile.MANIFEST), manifest(bad.get(1).contains("truncated") ? 2 : 1, 2));
            assertThatThrownBy(() -> SimilarItemsFile.load(tmp, Dictionary.ofSorted("a", "b", "c")))
                    .as(bad.get(0)).isInstanceOf(DataException.class).hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void aLineRefusesIdsThatWouldBreakTheFormat() {
        assertThatThrownBy(() -> SimilarItemsFile.line("a\tb", List.of())).hasMessageContaining("without tab");
    }

    @Test
    void theRegistryServesItemToItemFromTheTable() {
        RecommenderRegistry registry = RecommenderRegistry.builtIn().replacing("item-to-item",
                () -> PrecomputedItemToItem.corrected(tmp));
        assertThat(registry.create("item-to-item")).isInstanceOf(PrecomputedItemToItem.class);
        assertThat(registry.names()).isEqualTo(RecommenderRegistry.builtIn().names());
        assertThatThrownBy(() -> registry.replacing("nope", ItemToItem::corrected)).hasMessageContaining("no recommender 'nope'");
    }

    private static String manifest(long items, long entries) {
        return new SimilarItemsFile.Manifest(1, "corrected", 50, 3, items, entries).text();
    }
}
