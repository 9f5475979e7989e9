package io.recolab.recommend.tuning;

import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.bestseller.Bestseller;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TemporalValidationTest {
    private final Interactions log = SyntheticGenerator.generate(new SyntheticSpec(500, 200, 150, 3));

    /** Scores the least bought items highest: worse than the bestseller list on any real-looking log. */
    private static final Recommender CONTRARIAN = training -> {
        int[] bought = new int[training.itemCount()];
        for (int p = 0; p < training.size(); p++) {
            bought[training.item(p)]++;
        }
        return (customer, scores) -> {
            for (int i = 0; i < scores.length; i++) {
                scores[i] = 1f / (1 + bought[i]);
            }
        };
    };

    @Test
    void picksTheCandidateThatPredictsTheLastWindowBest() {
        TemporalValidation.Choice<String> choice = TemporalValidation.DEFAULT.choose(log, List.of("contrarian", "bestseller"),
                name -> name.equals("bestseller") ? new Bestseller() : CONTRARIAN);
        assertThat(choice.chosen()).isEqualTo("bestseller");
        assertThat(choice.customers()).isGreaterThanOrEqualTo(TemporalValidation.MIN_CUSTOMERS);
        assertThat(choice.scores()).hasSize(2);
        assertThat(choice.scores().get(1).hitRate()).isGreaterThan(choice.scores().get(0).hitRate());
        assertThat(choice.describe("recommender", s -> s)).startsWith("recommender=bestseller (hit@k on ");
    }

    @Test
    void neverSeesTheFutureOfItsTrainingLog() {
        long cutoff = log.lastTime() - 30L * 86_400;
        Interactions training = log.before(cutoff);
        AtomicLong latestSeen = new AtomicLong();
        TemporalValidation.DEFAULT.choose(training, List.of(1, 2), n -> t -> {
            latestSeen.accumulateAndGet(t.horizon(), Math::max);
            for (int p = 0; p < t.size(); p++) {
                latestSeen.accumulateAndGet(t.time(p), Math::max);
            }
            return (customer, scores) -> { };
        });
        assertThat(latestSeen.get()).isLessThanOrEqualTo(cutoff - 14L * 86_400);
    }

    @Test
    void tooLittleDataKeepsTheFirstCandidate() {
        Interactions tiny = log.before(log.firstTime() + 86_400);
        TemporalValidation.Choice<String> choice = TemporalValidation.DEFAULT.choose(tiny, List.of("first", "second"),
                name -> new Bestseller());
        assertThat(choice.chosen()).isEqualTo("first");
        assertThat(choice.scores()).isEmpty();
        assertThat(choice.describe("x", s -> s)).contains("default: too little data");
    }
}
