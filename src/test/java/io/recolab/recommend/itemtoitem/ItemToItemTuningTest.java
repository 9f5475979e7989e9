package io.recolab.recommend.itemtoitem;

import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.recommend.TrainedModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItemToItemTuningTest {
    @Test
    void theGridIsTwelvePointsWithTheFallbackFirst() {
        ItemToItem corrected = ItemToItem.corrected();
        assertThat(corrected.grid()).hasSize(12);
        assertThat(corrected.grid().get(0)).isEqualTo(new ItemToItemConfig(50, 3, 365));
        assertThat(corrected.grid()).allMatch(c -> c.minSupport() == 3);
    }

    @Test
    void registeredVariantsReportTheSettingsTheyChose() {
        Interactions log = SyntheticGenerator.generate(new SyntheticSpec(600, 200, 120, 7));
        TrainedModel model = ItemToItem.naive().train(log.before(log.lastTime() - 14L * 86_400));
        assertThat(model.settings()).startsWith("related,half-life=").contains("validation customers");
        float[] scores = new float[log.itemCount()];
        model.score(0, scores);
        assertThat(scores).contains(0f); // it scores like a plain model; nothing more to check here
    }

    @Test
    void fixedSettingsReportNothing() {
        Interactions log = SyntheticGenerator.generate(new SyntheticSpec(200, 100, 60, 7));
        assertThat(new ItemToItem(new NaiveRelatedness(), new ItemToItemConfig(20, 1, 0)).train(log).settings()).isEmpty();
    }
}
