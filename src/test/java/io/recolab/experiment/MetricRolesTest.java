package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Metric roles in a definition (issue 22.6): additive; a definition without them reads as before. */
class MetricRolesTest {
    private static String definition(String metrics) {
        return """
                {"key":"roles","treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                 {"name":"T1","weight":50,"recommender":"item-to-item"}],"metrics":[%s]}""".formatted(metrics);
    }

    @Test
    void rolesAndHarmAreReadAndWrittenBack() {
        ExperimentDefinition d = DefinitionJson.parse(definition("""
                {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"},
                {"name":"purchase","type":"binomial","role":"primary"},
                {"name":"revenue","type":"mean","role":"secondary"}"""));
        assertThat(d.primaryMetric().name()).isEqualTo("purchase");
        assertThat(d.guardrails()).extracting(MetricSpec::name).containsExactly("bounce");
        assertThat(d.guardrails().get(0).harm()).isEqualTo(MetricSpec.Harm.INCREASE);
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
    }

    @Test
    void withoutRolesTheFirstMetricIsPrimaryAndNothingIsWrittenBack() {
        ExperimentDefinition d = DefinitionJson.parse(definition("""
                {"name":"purchase","type":"binomial"},{"name":"revenue","type":"mean"}"""));
        assertThat(d.primaryMetric().name()).isEqualTo("purchase");
        assertThat(d.guardrails()).isEmpty();
        assertThat(DefinitionJson.write(d)).doesNotContain("\"role\"").doesNotContain("\"harm\"");
        // A guardrail listed first does not become the primary.
        ExperimentDefinition g = DefinitionJson.parse(definition("""
                {"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"},{"name":"purchase","type":"binomial"}"""));
        assertThat(g.primaryMetric().name()).isEqualTo("purchase");
    }

    @Test
    void badRolesAreRefusedByName() {
        assertThatThrownBy(() -> DefinitionJson.parse(definition("""
                {"name":"bounce","type":"binomial","role":"guardrail"}""")))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("a guardrail needs harm");
        assertThatThrownBy(() -> DefinitionJson.parse(definition("""
                {"name":"purchase","type":"binomial","harm":"decrease"}""")))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("harm is only for role guardrail");
        assertThatThrownBy(() -> DefinitionJson.parse(definition("""
                {"name":"purchase","type":"binomial","role":"main"}""")))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("metrics[0].role must be one of");
        assertThatThrownBy(() -> DefinitionJson.parse(definition("""
                {"name":"a","type":"binomial","role":"primary"},{"name":"b","type":"binomial","role":"primary"}""")))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("at most one metric may have role primary");
    }
}
