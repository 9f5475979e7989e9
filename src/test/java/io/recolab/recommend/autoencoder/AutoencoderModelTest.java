package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Persistence round trips, corrupt files, and determinism for a seed. */
class AutoencoderModelTest {
    private static final Interactions LOG = Fixtures.trending(60, 70, 5);

    @Test
    void saveThenLoadGivesIdenticalScores(@TempDir Path dir) throws IOException {
        AutoencoderModel model = chronological(42).fit(LOG);
        Path file = dir.resolve("model.ae");
        model.save(file);
        AutoencoderModel loaded = AutoencoderModel.load(file, LOG);
        assertThat(loaded.kind()).isEqualTo("autoencoder");
        for (int c = 0; c < LOG.customerCount(); c++) {
            assertThat(scores(loaded, c)).containsExactly(scores(model, c));
        }
    }

    @Test
    void corruptOrForeignFilesFailClearly(@TempDir Path dir) throws IOException {
        AutoencoderModel model = new StaticAutoencoder(Fixtures.quick(AutoencoderConfig.staticDefaults()),
                TrainingListener.NONE).fit(LOG);
        Path file = dir.resolve("model.ae");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        Files.write(file, flipped);
        assertThatThrownBy(() -> AutoencoderModel.load(file, LOG)).hasMessageContaining("checksum mismatch");

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> AutoencoderModel.load(file, LOG)).hasMessageContaining("checksum mismatch");

        byte[] newer = bytes.clone();
        newer[ModelFile.MAGIC.length + 3] = 9;
        Files.write(file, newer);
        assertThatThrownBy(() -> AutoencoderModel.load(file, LOG))
                .hasMessageContaining("model file version 9 is not supported (this build reads 1)");

        Files.writeString(file, "user item rating epoch\n1 2 3 4\n");
        assertThatThrownBy(() -> AutoencoderModel.load(file, LOG)).hasMessageContaining("bad magic header");

        Files.write(file, bytes);
        Interactions other = Fixtures.trending(10, 40, 1);
        assertThatThrownBy(() -> AutoencoderModel.load(file, other)).hasMessageContaining("items but the log has");
    }

    @Test
    void sameSeedSameModelAndScores() {
        AutoencoderModel a = chronological(42).fit(LOG);
        AutoencoderModel b = chronological(42).fit(LOG);
        AutoencoderModel c = chronological(43).fit(LOG);
        for (int p = 0; p < a.network().parameters().size(); p++) {
            assertThat(a.network().parameters().get(p)).containsExactly(b.network().parameters().get(p));
        }
        assertThat(scores(a, 0)).containsExactly(scores(b, 0));
        assertThat(scores(a, 0)).isNotEqualTo(scores(c, 0));
    }

    @Test
    void scoresArePositiveOnlyForKnownUnownedItems() {
        AutoencoderModel model = chronological(1).fit(LOG);
        Interactions past = LOG.before(LOG.horizon() - 30 * Fixtures.DAY);
        AutoencoderModel rebound = model.bind(past);
        float[] s = scores(rebound, 0);
        for (int i = 0; i < s.length; i++) {
            boolean candidate = past.customerItems().size(0) > 0 && !past.customerItems().owns(0, i)
                    && Snapshot.at(past, past.horizon(), 14).known[i];
            assertThat(s[i] > 0).as("item %d", i).isEqualTo(candidate);
        }
    }

    private static ChronologicalAutoencoder chronological(long seed) {
        return new ChronologicalAutoencoder(Fixtures.quick(AutoencoderConfig.chronological())
                .with("seed", Long.toString(seed)).with("threads", "2"), TrainingListener.NONE);
    }

    private static float[] scores(AutoencoderModel model, int customer) {
        float[] s = new float[LOG.itemCount()];
        model.score(customer, s);
        return s;
    }
}
