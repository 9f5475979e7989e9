package io.recolab.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.assign.Allocation;
import io.recolab.assign.Assigner;
import io.recolab.assign.LayerSlot;
import io.recolab.assign.Plan;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.InvalidDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer part of a definition and the pure rules of a layer: disjoint ranges exclude, growing moves nobody. */
class LayerDefinitionTest {
    private static final String BASE = """
            {"key":"hero","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                        {"name":"T","weight":1,"recommender":"bestseller"}]%s}""";

    private static ExperimentDefinition parse(String layer) {
        return DefinitionJson.parse(BASE.formatted(layer));
    }

    @Test
    void aLayerIsReadAndWrittenBack() {
        ExperimentDefinition d = parse(",\"layer\":{\"name\":\"home-row\",\"buckets\":[2500,5000]}");
        assertThat(d.layer()).isEqualTo(new LayerSlot("home-row", 2500, 5000));
        assertThat(DefinitionJson.write(d)).contains("\"layer\":{\"name\":\"home-row\",\"buckets\":[2500,5000]}");
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
        // Without a layer the written definition is as before issue 23.
        assertThat(DefinitionJson.write(parse(""))).doesNotContain("layer");
    }

    @Test
    void badLayersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> parse(",\"layer\":{\"name\":\"home-row\",\"buckets\":[5000,5000]}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer.buckets must be [from, to)");
        assertThatThrownBy(() -> parse(",\"layer\":{\"name\":\"home-row\",\"buckets\":[0,10001]}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer.buckets");
        assertThatThrownBy(() -> parse(",\"layer\":{\"name\":\"home-row\",\"buckets\":[0]}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer.buckets must be two integers");
        assertThatThrownBy(() -> parse(",\"layer\":{\"name\":\"Home Row\",\"buckets\":[0,1]}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer.name must match");
        assertThatThrownBy(() -> parse(",\"layer\":{\"buckets\":[0,1]}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer.name is required");
        assertThatThrownBy(() -> parse(",\"layer\":{\"name\":\"a\",\"buckets\":[0,1],\"share\":1}"))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("unknown field layer.share");
        assertThatThrownBy(() -> parse(",\"layer\":\"home-row\""))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("layer must be an object");
    }

    @Test
    void disjointRangesTakeEachUnitInAtMostOneExperimentAndAPartitionTakesEveryUnit() {
        List<Plan> plans = List.of(plan("a", 0, 3000, "home-row"), plan("b", 3000, 3500, "home-row"),
                plan("c", 3500, 10_000, "home-row"));
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            int in = 0;
            for (int p = 0; p < plans.size(); p++) {
                if (Assigner.inExperiment(plans.get(p).decide("customer-" + i, true, null))) {
                    in++;
                    counts[p]++;
                }
            }
            assertThat(in).as("customer-" + i).isEqualTo(1);
        }
        // The layer's buckets are uniform: each range takes its share (within 1 % of all units).
        assertThat(counts[0]).isBetween(29_000, 31_000);
        assertThat(counts[1]).isBetween(4_000, 6_000);
        assertThat(counts[2]).isBetween(64_000, 66_000);
    }

    @Test
    void growingARangeAdmitsUnitsAndMovesNobody() {
        Plan before = plan("grow", 1000, 2000, "home-row");
        Plan after = plan("grow", 500, 4000, "home-row");
        int admitted = 0;
        for (int i = 0; i < 50_000; i++) {
            String unit = "u" + i;
            long was = before.decide(unit, true, null);
            long is = after.decide(unit, true, null);
            if (Assigner.inExperiment(was)) {
                assertThat(Assigner.inExperiment(is)).as(unit).isTrue();
                assertThat(Assigner.treatmentOf(is)).as(unit).isEqualTo(Assigner.treatmentOf(was));
            } else if (Assigner.inExperiment(is)) {
                admitted++;
            }
        }
        assertThat(admitted).isGreaterThan(10_000);
    }

    @Test
    void theLayerBucketIsTheLayersNotTheExperiments() {
        // An experiment named like its layer: its treatments must not follow the layer bucket.
        Plan plan = plan("home-row", 0, 5000, "home-row");
        int[] perTreatment = new int[2];
        for (int i = 0; i < 20_000; i++) {
            long packed = plan.decide("c" + i, true, null);
            if (Assigner.inExperiment(packed)) {
                perTreatment[Assigner.treatmentOf(packed)]++;
            }
        }
        assertThat(perTreatment[0]).isBetween(4_500, 5_500);
        assertThat(perTreatment[1]).isBetween(4_500, 5_500);
        assertThat(LayerSlot.bucket("home-row", "c1")).isEqualTo(LayerSlot.bucket("home-row", "c1"));
    }

    @Test
    void theReasonSaysWhichStepLeftTheUnitOut() {
        Plan plan = new Plan(Allocation.of("r", 0, List.of(1, 1)), new LayerSlot("l", 0, 5000),
                attributes -> "DE".equals(attributes.get("country")));
        String inLayer = null;
        String outOfLayer = null;
        for (int i = 0; inLayer == null || outOfLayer == null; i++) {
            if (new LayerSlot("l", 0, 5000).holds(LayerSlot.bucket("l", "u" + i))) {
                inLayer = "u" + i;
            } else {
                outOfLayer = "u" + i;
            }
        }
        assertThat(Plan.reasonOf(plan.decide(inLayer, false, java.util.Map.of()))).isEqualTo(Plan.Reason.NOT_RUNNING);
        assertThat(Plan.reasonOf(plan.decide(outOfLayer, true, java.util.Map.of("country", "DE")))).isEqualTo(Plan.Reason.LAYER);
        assertThat(Plan.reasonOf(plan.decide(inLayer, true, java.util.Map.of("country", "FR")))).isEqualTo(Plan.Reason.TARGETING);
        assertThat(Plan.reasonOf(plan.decide(inLayer, true, java.util.Map.of("country", "DE")))).isEqualTo(Plan.Reason.EXPOSURE);
        // Events bring no attributes: the targeting is not asked, the rest decides.
        assertThat(Plan.reasonOf(plan.decide(inLayer, true, null))).isEqualTo(Plan.Reason.EXPOSURE);
    }

    private static Plan plan(String salt, int from, int to, String layer) {
        return new Plan(Allocation.of(salt, 100, List.of(1, 1)), new LayerSlot(layer, from, to), null);
    }
}
