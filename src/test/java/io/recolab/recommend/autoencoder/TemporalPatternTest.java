package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.eval.Evaluation;
import io.recolab.eval.EvaluationResult;
import io.recolab.eval.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** On a log where what sells next is what launched lately, learning the next window beats reconstruction. */
class TemporalPatternTest {
    @Test
    void chronologicalBeatsStaticOnPlantedTrend() {
        Interactions log = Fixtures.trending(150, 90, 9);
        Protocol protocol = new Protocol(2, Duration.ofDays(14), 6);
        Evaluation evaluation = Evaluation.of(log, protocol);
        List<String> progress = new ArrayList<>();
        EvaluationResult chronological = evaluation.run("autoencoder", new ChronologicalAutoencoder(
                Fixtures.quick(AutoencoderConfig.chronological()), r -> progress.add(r.line())));
        EvaluationResult still = evaluation.run("autoencoder-static", new StaticAutoencoder(
                Fixtures.quick(AutoencoderConfig.staticDefaults()), TrainingListener.NONE));
        assertThat(chronological.customers()).isGreaterThan(100);
        assertThat(chronological.hitAtK()).as("chronological vs static %s", still).isGreaterThan(0.6)
                .isGreaterThan(still.hitAtK() + 0.2);
        assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith("autoencoder epoch "));
    }
}
