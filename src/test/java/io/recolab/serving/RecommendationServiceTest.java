package io.recolab.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recolab.data.Interactions;
import io.recolab.data.SyntheticGenerator;
import io.recolab.data.SyntheticSpec;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Status;
import io.recolab.experiment.Treatment;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.RecommenderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecommendationServiceTest {
    private static final Interactions LOG = SyntheticGenerator.generate(new SyntheticSpec(400, 150, 90, 3));

    private static Catalog catalogWith(String controlRecommender, String treatmentRecommender) {
        Catalog catalog = new Catalog();
        ExperimentDefinition d = new ExperimentDefinition("recs", "", null, 100, List.of(
                new Treatment("C", 1, controlRecommender), new Treatment("T1", 1, treatmentRecommender)), null, null);
        catalog.put(new Experiment(d, Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
        return catalog;
    }

    private static Recommender failing() {
        return training -> {
            throw new IllegalStateException("diverged");
        };
    }

    @Test
    void servesEachTreatmentFromItsOwnModelAndFallsBackWithoutFailing() {
        RecommenderRegistry registry = RecommenderRegistry.builtIn().with("broken", RecommendationServiceTest::failing);
        try (ModelService models = new ModelService(registry, () -> Optional.of(LOG), Clock.systemUTC())) {
            RecommendationService service = new RecommendationService(catalogWith("bestseller", "broken"), models, null, new LiveHistory(1000));
            // Nothing trained yet: an answer all the same, without items.
            assertThat(service.recommend("recs", "c1", 6).fallback()).isEqualTo("no-model");

            models.ensure(List.of("bestseller", "broken"));
            await().atMost(Duration.ofSeconds(30)).until(() -> models.statuses().stream()
                    .allMatch(s -> s.state() == ModelStatus.State.READY || s.state() == ModelStatus.State.FAILED));
            assertThat(models.statuses()).extracting(ModelStatus::state)
                    .containsExactly(ModelStatus.State.READY, ModelStatus.State.FAILED);
            assertThat(models.statuses().get(1).error()).contains("diverged");

            String known = LOG.customers().id(0);
            for (int i = 0; i < 200; i++) {
                String unit = i == 0 ? known : LOG.customers().id(i);
                Recommended r = service.recommend("recs", unit, 6);
                assertThat(r.items()).hasSize(6);
                if (r.assignment().treatment().equals("T1")) {
                    assertThat(r.fallback()).isEqualTo("control-model");
                    assertThat(r.servedBy()).isEqualTo("bestseller");
                } else {
                    assertThat(r.servedBy()).isEqualTo("bestseller");
                }
            }
            Recommended stranger = service.recommend("recs", "never-seen-customer", 6);
            assertThat(stranger.items()).hasSize(6);
            assertThat(stranger.fallback()).isIn("cold-start", "control-model");
        }
    }

    @Test
    void aRetrainSwapsAtomicallyAndRequestsDuringItAllSucceed() throws Exception {
        AtomicReference<Interactions> data = new AtomicReference<>(LOG);
        try (ModelService models = new ModelService(RecommenderRegistry.builtIn(), () -> Optional.of(data.get()), Clock.systemUTC())) {
            RecommendationService service = new RecommendationService(catalogWith("item-to-item", "bestseller"), models, null, new LiveHistory(1000));
            models.ensure(List.of("item-to-item", "bestseller"));
            await().atMost(Duration.ofSeconds(30)).until(() -> models.serving("item-to-item").isPresent()
                    && models.serving("bestseller").isPresent());
            Model first = models.serving("item-to-item").orElseThrow();

            data.set(SyntheticGenerator.generate(new SyntheticSpec(500, 150, 120, 4)));
            models.retrainAll();
            int answered = 0;
            while (models.serving("item-to-item").orElseThrow() == first && answered < 1_000_000) {
                Recommended r = service.recommend("recs", LOG.customers().id(answered % 400), 6);
                assertThat(r.items()).hasSize(6);
                assertThat(r.fallback()).isNotEqualTo("no-model");
                answered++;
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> models.serving("item-to-item").orElseThrow() != first);
            assertThat(models.serving("item-to-item").orElseThrow().dataCutoff()).isAfter(first.dataCutoff());
        }
    }

    @Test
    void badArgumentsAreTheCallersError() {
        try (ModelService models = new ModelService(RecommenderRegistry.builtIn(), Optional::empty, Clock.systemUTC())) {
            RecommendationService service = new RecommendationService(catalogWith("bestseller", "bestseller"), models, null, new LiveHistory(1000));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.recommend("recs", "c1", 0))
                    .hasMessageContaining("n must be in 1..100");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.recommend("nope", "c1", 6))
                    .hasMessageContaining("no experiment 'nope'");
        }
    }
}
