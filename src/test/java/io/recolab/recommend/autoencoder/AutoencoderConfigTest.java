package io.recolab.recommend.autoencoder;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoencoderConfigTest {
    @Test
    void settingsByName() {
        AutoencoderConfig c = AutoencoderConfig.chronological().with(Map.of("hidden", "64", "trend", "false",
                "learningRate", "0.01", "seed", "7"));
        assertThat(c.hidden()).isEqualTo(64);
        assertThat(c.trend()).isFalse();
        assertThat(c.learningRate()).isEqualTo(0.01);
        assertThat(c.seed()).isEqualTo(7L);
        assertThat(c.toMap()).containsKeys("hidden", "maxEpochs", "trainingCutoffs", "inputDropout");
    }

    @Test
    void badSettingsFailWithTheValue() {
        AutoencoderConfig c = AutoencoderConfig.chronological();
        assertThatThrownBy(() -> c.with("hiden", "3")).hasMessageStartingWith("unknown autoencoder parameter 'hiden'")
                .hasMessageContaining("hidden");
        assertThatThrownBy(() -> c.with("hidden", "x")).hasMessageContaining("not a number: 'x'");
        assertThatThrownBy(() -> c.with("inputDropout", "1")).hasMessage("inputDropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> c.with("trend", "maybe")).hasMessageContaining("trend");
    }
}
