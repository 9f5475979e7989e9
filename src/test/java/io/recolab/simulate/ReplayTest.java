package io.recolab.simulate;

import io.recolab.data.DataSource;
import io.recolab.data.Interactions;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.recommend.Recommender;
import io.recolab.stats.Comparison;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {
    private static final long DAY = 86_400;
    private static final Interactions LOG = DataSource.parse("synthetic:customers=3000,items=400,days=120,seed=11")
            .load().interactions();
    private static final long FROM = (LOG.lastTime() / DAY - 28) * DAY;
    private static final long TO = FROM + 14 * DAY;

    /** Cheats: scores, for each customer, the items they will consume in the 28 days after the training cut. */
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

    /** Uniform random scores, seeded per customer: a recommender that knows nothing. */
    private static final Recommender RANDOM = training -> (customer, scores) -> {
        SplittableRandom random = new SplittableRandom(customer * 31L + 7);
        for (int i = 0; i < scores.length; i++) {
            scores[i] += (float) (0.01 + random.nextDouble());
        }
    };

    private static final Function<String, Recommender> PLANTED = name -> switch (name) {
        case "oracle" -> ORACLE;
        case "random" -> RANDOM;
        default -> throw new IllegalArgumentException(name);
    };

    private static ExperimentDefinition definition(String control, String treatment, int exposure) {
        return DefinitionJson.parse("""
                {"key": "planted", "exposurePercent": %d,
                 "treatments": [{"name": "C", "weight": 50, "recommender": "%s"},
                                {"name": "T1", "weight": 50, "recommender": "%s"}],
                 "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 14},
                             {"name": "items", "type": "mean", "windowDays": 7}]}
                """.formatted(exposure, control, treatment));
    }

    @Test
    void aPlantedBetterRecommenderWinsSignificantly() {
        ExperimentDefinition d = definition("random", "oracle", 100);
        Tally tally = new Tally(d);
        Replay.Summary summary = new Replay(d, LOG, PLANTED, 6).run(FROM, TO, tally, new Replay.Listener() { });
        List<ReplayResults> results = ReplayResults.of(d, tally);
        ReplayResults purchase = results.get(0);
        assertThat(summary.visitors()).isGreaterThan(500);
        assertThat(summary.inExperiment()).isEqualTo(summary.visitors());
        assertThat(purchase.treatments().get(0).units() + purchase.treatments().get(1).units())
                .isEqualTo(summary.inExperiment());
        Comparison t1 = purchase.comparisonOf("T1");
        assertThat(t1.relativeLift()).isPositive();
        assertThat(t1.significant()).isTrue();
        assertThat(t1.pValue()).isLessThan(0.001);
        assertThat(purchase.srm().mismatch()).isFalse();
        // the mean metric (shown items taken within 7 days) agrees
        Comparison items = results.get(1).comparisonOf("T1");
        assertThat(items.significant()).isTrue();
        assertThat(results.get(1).treatments().get(1).mean()).isGreaterThan(results.get(1).treatments().get(0).mean());
    }

    @Test
    void sameRecommenderOnBothArmsIsNotSignificant() {
        ExperimentDefinition d = definition("random", "random", 100);
        Tally tally = new Tally(d);
        new Replay(d, LOG, PLANTED, 6).run(FROM, TO, tally, new Replay.Listener() { });
        ReplayResults purchase = ReplayResults.of(d, tally).get(0);
        assertThat(purchase.comparisonOf("T1").significant()).isFalse();
    }

    @Test
    void exposureShareAndReproducibility() {
        ExperimentDefinition d = definition("random", "oracle", 50);
        List<ReplayEvent> first = new ArrayList<>();
        List<ReplayEvent> second = new ArrayList<>();
        Replay.Summary s = new Replay(d, LOG, PLANTED, 6).run(FROM, TO, first::addAll, new Replay.Listener() { });
        new Replay(d, LOG, PLANTED, 6).run(FROM, TO, second::addAll, new Replay.Listener() { });
        assertThat(second).isEqualTo(first);
        double share = (double) s.inExperiment() / s.visitors();
        assertThat(share).isBetween(0.4, 0.6);
        // every visitor has exactly one exposure; only units in the experiment convert; conversions are in window
        assertThat(first.stream().filter(e -> e.type() == ReplayEvent.Type.EXPOSURE).count()).isEqualTo(s.visitors());
        assertThat(first.stream().filter(e -> e.type() == ReplayEvent.Type.CONVERSION).allMatch(ReplayEvent::inExperiment))
                .isTrue();
        var exposureAt = new java.util.HashMap<String, java.time.Instant>();
        for (ReplayEvent e : first) {
            if (e.type() == ReplayEvent.Type.EXPOSURE) {
                assertThat(e.at().getEpochSecond()).isBetween(FROM, TO - 1);
                exposureAt.put(e.unit(), e.at());
            } else {
                long window = e.metric().equals("purchase") ? 14 : 7;
                assertThat(e.at()).isAfterOrEqualTo(exposureAt.get(e.unit()))
                        .isBefore(exposureAt.get(e.unit()).plusSeconds(window * DAY));
            }
        }
        // the assignment is the platform's hash: the same unit gets the same treatment as Assigner says
        ReplayEvent any = first.get(0);
        long packed = io.recolab.assign.Assigner.assign(d.allocation(), any.unit());
        assertThat(any.treatment()).isEqualTo(io.recolab.assign.Assigner.treatmentOf(packed));
        assertThat(any.inExperiment()).isEqualTo(io.recolab.assign.Assigner.inExperiment(packed));
    }

    @Test
    void tallyCountsARetriedEventOnce() {
        ExperimentDefinition d = definition("random", "oracle", 100);
        Tally tally = new Tally(d);
        java.time.Instant t = java.time.Instant.ofEpochSecond(FROM);
        ReplayEvent exposure = new ReplayEvent("x1", ReplayEvent.Type.EXPOSURE, "u1", 1, true, null, 0, t);
        ReplayEvent conversion = new ReplayEvent("c1", ReplayEvent.Type.CONVERSION, "u1", 1, true, "items", 1, t);
        tally.accept(List.of(exposure, conversion, conversion, exposure));
        var stats = tally.stats(d.metrics().get(1));
        assertThat(stats[1].n()).isEqualTo(1);
        assertThat(stats[1].sum()).isEqualTo(1.0);
        assertThat(stats[0].n()).isZero();
    }
}
