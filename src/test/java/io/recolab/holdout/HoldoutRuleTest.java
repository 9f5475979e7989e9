package io.recolab.holdout;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.assign.Allocation;
import io.recolab.assign.HoldoutRule;
import io.recolab.assign.LayerSlot;
import io.recolab.assign.Plan;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The holdout bucket and the plan's holdout step. The buckets below were computed by hand with the
 * independent pure-Python MurmurHash3 of src/test/resources/golden/make_layers_golden.py:
 * {@code buckets('holdout:' + key, unit)[0]}.
 */
class HoldoutRuleTest {
    @Test
    void bucketsMatchTheIndependentImplementation() {
        assertThat(HoldoutRule.bucket("global-2026", "u1")).isEqualTo(7451);
        assertThat(HoldoutRule.bucket("global-2026", "u2")).isEqualTo(8730);
        assertThat(HoldoutRule.bucket("global-2026", "alice")).isEqualTo(3741);
        assertThat(HoldoutRule.bucket("home-hold", "u42")).isEqualTo(4376);
        assertThat(HoldoutRule.bucket("home-hold", "bob")).isEqualTo(393);
    }

    @Test
    void aUnitIsHeldOutBelowTheShare() {
        assertThat(new HoldoutRule("home-hold", 394, null).holds("bob")).isTrue();
        assertThat(new HoldoutRule("home-hold", 393, null).holds("bob")).isFalse();
        assertThat(new HoldoutRule("global-2026", 10_000, null).holds("u2")).isTrue();
        assertThat(new HoldoutRule("global-2026", 0, null).holds("u2")).isFalse();
        // Python: 38 of u0..u399 have a bucket below 1000 in holdout 'global', the first u7, u21, u28.
        HoldoutRule tenPercent = new HoldoutRule("global", 1000, null);
        List<String> held = java.util.stream.IntStream.range(0, 400).mapToObj(i -> "u" + i).filter(tenPercent::holds).toList();
        assertThat(held).hasSize(38).startsWith("u7", "u21", "u28", "u36", "u37");
    }

    @Test
    void scopeIsOneLayerOrEverything() {
        assertThat(new HoldoutRule("h", 100, null).covers(null)).isTrue();
        assertThat(new HoldoutRule("h", 100, null).covers("home-row")).isTrue();
        assertThat(new HoldoutRule("h", 100, "home-row").covers("home-row")).isTrue();
        assertThat(new HoldoutRule("h", 100, "home-row").covers(null)).isFalse();
        assertThat(new HoldoutRule("h", 100, "home-row").covers("search")).isFalse();
    }

    @Test
    void theHoldoutStepComesAfterForcedAndNotRunningAndBeforeTheLayer() {
        Allocation allocation = DefinitionJson.parse("""
                {"key":"e","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                                         {"name":"T","weight":1,"recommender":"bestseller"}]}""").allocation();
        HoldoutRule everyone = new HoldoutRule("all", Allocation.BUCKETS, null);
        // The layer holds no bucket a unit could have but one: without the holdout, "layer" would answer.
        Plan plan = new Plan(allocation, new LayerSlot("row", 0, 1), null, Map.of("qa", 1), List.of(everyone));
        assertThat(Plan.reasonOf(plan.decide("qa", true, null))).isEqualTo(Plan.Reason.FORCED);
        assertThat(Plan.reasonOf(plan.decide("bob", false, null))).isEqualTo(Plan.Reason.NOT_RUNNING);
        long held = plan.decide("bob", true, null);
        assertThat(Plan.reasonOf(held)).isEqualTo(Plan.Reason.HOLDOUT);
        assertThat(Plan.reasonOf(held).wireName()).isEqualTo("holdout");
        assertThat(io.recolab.assign.Assigner.inExperiment(held)).isFalse();
        assertThat(io.recolab.assign.Assigner.treatmentOf(held)).isZero();
        Plan none = new Plan(allocation, null, null, Map.of(), List.of(new HoldoutRule("home-hold", 393, null)));
        assertThat(Plan.reasonOf(none.decide("bob", true, null))).isNotEqualTo(Plan.Reason.HOLDOUT);
    }

    @Test
    void theCatalogCompilesOnlyTheHoldoutsInScope() {
        var inLayer = DefinitionJson.parse("""
                {"key":"e","layer":{"name":"home-row","buckets":[0,10000]},
                 "treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                               {"name":"T","weight":1,"recommender":"bestseller"}]}""");
        List<HoldoutRule> rules = List.of(new HoldoutRule("a", 10, null), new HoldoutRule("b", 10, "home-row"),
                new HoldoutRule("c", 10, "search"));
        assertThat(Catalog.planOf(inLayer, Map.of(), rules).holdouts()).extracting(HoldoutRule::key).containsExactly("a", "b");
    }
}
