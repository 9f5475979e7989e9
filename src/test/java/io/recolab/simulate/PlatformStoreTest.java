package io.recolab.simulate;

import io.recolab.analysis.ResultsReport;
import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.KnownRecommenders;
import io.recolab.recommend.Recommender;
import io.recolab.testing.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay through the server's own services: experiment store, event writer and rollups, results page. */
class PlatformStoreTest {
    private static final long DAY = 86_400;
    private static final Interactions LOG = DataSource.parse("synthetic:customers=2000,items=300,days=100,seed=21")
            .load().interactions();
    private static final long FROM = (LOG.lastTime() / DAY - 28) * DAY;

    private static final Recommender ORACLE = training -> {
        long horizon = training.horizon();
        return (customer, scores) -> {
            var positions = LOG.byCustomer();
            for (int j = positions.start(customer); j < positions.end(customer); j++) {
                int p = positions.values()[j];
                if (LOG.time(p) >= horizon && LOG.time(p) < horizon + 28 * DAY) {
                    scores[LOG.item(p)] += 1;
                }
            }
        };
    };
    private static final Recommender RANDOM = training -> (customer, scores) -> {
        SplittableRandom random = new SplittableRandom(customer);
        for (int i = 0; i < scores.length; i++) {
            scores[i] += (float) (0.01 + random.nextDouble());
        }
    };

    /** The replay below runs these two planted recommenders, so the store knows them by name. */
    private static final KnownRecommenders PLANTED = new KnownRecommenders(List.of("random", "oracle"));

    private static final ExperimentDefinition DEFINITION = DefinitionJson.parse("""
            {"key": "planted-store", "exposurePercent": 80,
             "treatments": [{"name": "C", "weight": 1, "recommender": "random"},
                            {"name": "T1", "weight": 1, "recommender": "oracle"}],
             "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14},
                         {"name": "items", "type": "mean", "windowDays": 14}]}
            """);

    private static List<ResultsReport> replay(PlatformStore store, Tally tally) {
        ReplaySink sink = store.sink(store.prepare(DEFINITION));
        new Replay(DEFINITION, LOG, name -> name.equals("oracle") ? ORACLE : RANDOM, 6).run(FROM, FROM + 14 * DAY,
                new ReplaySink() {
                    @Override
                    public void accept(List<ReplayEvent> events) {
                        tally.accept(events);
                        sink.accept(events);
                    }

                    @Override
                    public void finish() {
                        sink.finish();
                    }
                }, new Replay.Listener() { });
        return store.results(DEFINITION.key());
    }

    @Test
    void theResultsPageAgreesWithTheReplayAndFindsThePlantedWinner() {
        Tally tally = new Tally(DEFINITION);
        try (PlatformStore store = PlatformStore.open(PlatformStore.inMemoryUrl(), PLANTED)) {
            List<ResultsReport> reports = replay(store, tally);
            for (ResultsReport r : reports) {
                var metric = DEFINITION.metrics().stream().filter(m -> m.name().equals(r.metric())).findFirst().orElseThrow();
                var expected = tally.stats(metric);
                for (int t = 0; t < 2; t++) {
                    assertThat(r.treatments().get(t).units()).as(r.metric()).isEqualTo(expected[t].n());
                    assertThat(r.treatments().get(t).sum()).as(r.metric()).isEqualTo(expected[t].sum());
                }
                ResultsReport.ComparisonView t1 = r.comparisons().get(0);
                assertThat(t1.treatment()).isEqualTo("T1");
                assertThat(t1.significant()).as(r.metric()).isTrue();
                assertThat(t1.relativeLift()).isPositive();
                assertThat(r.srm().mismatch()).isFalse();
                assertThat(r.status()).isEqualTo("running");
            }
            assertThat(ResultsTable.render(reports.get(0))).contains("T1", "oracle", "(control)", "SRM", "yes");
        }
    }

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReplayRunTwiceIntoTheSameDatabaseCountsOnce(Stores.Kind kind, @TempDir Path dir) {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema()
                : "jdbc:h2:file:" + dir.resolve("recolab") + ";DB_CLOSE_ON_EXIT=FALSE";
        try {
            replayTwice(url);
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    private static void replayTwice(String url) {
        List<ResultsReport> first;
        try (PlatformStore store = PlatformStore.open(url, PLANTED)) {
            first = replay(store, new Tally(DEFINITION));
        }
        try (PlatformStore store = PlatformStore.open(url, PLANTED)) {
            List<ResultsReport> again = replay(store, new Tally(DEFINITION));
            assertThat(again.get(0).treatments()).isEqualTo(first.get(0).treatments());
            assertThat(again.get(1).treatments()).isEqualTo(first.get(1).treatments());
            ExperimentDefinition changed = DefinitionJson.parse(DefinitionJson.write(DEFINITION)
                    .replace("\"weight\":1,\"recommender\":\"oracle\"", "\"weight\":3,\"recommender\":\"oracle\""));
            assertThat(changed).isNotEqualTo(DEFINITION);
            assertThatThrownBy(() -> store.prepare(changed)).hasMessageContaining("different definition");
        }
    }
}
