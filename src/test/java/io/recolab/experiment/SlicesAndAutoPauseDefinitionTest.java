package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.events.Slices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "slices" and "autoPause" in a definition (issue 22.6, 22.8): additive, checked, written back only when set. */
class SlicesAndAutoPauseDefinitionTest {
    private static String definition(String extra, String metrics) {
        return """
                {"key":"sl","treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                 {"name":"T1","weight":50,"recommender":"item-to-item"}],"metrics":[%s]%s}""".formatted(metrics, extra);
    }

    private static final String GUARDED = """
            {"name":"purchase","type":"binomial"},{"name":"bounce","type":"binomial","role":"guardrail","harm":"increase"}""";

    @Test
    void slicesAndAutoPauseAreReadAndWrittenBack() {
        ExperimentDefinition d = DefinitionJson.parse(definition(",\"slices\":[\"device\",\"country\"],\"autoPause\":true", GUARDED));
        assertThat(d.slices()).containsExactly("device", "country");
        assertThat(d.autoPause()).isTrue();
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
        ExperimentDefinition plain = DefinitionJson.parse(definition("", GUARDED));
        assertThat(plain.slices()).isEmpty();
        assertThat(plain.autoPause()).isFalse();
        assertThat(DefinitionJson.write(plain)).doesNotContain("slices").doesNotContain("autoPause");
    }

    @Test
    void badSlicesAndAnAutoPauseWithoutGuardrailAreRefusedNamingTheField() {
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"autoPause\":true", "{\"name\":\"purchase\"}")))
                .isInstanceOf(InvalidDefinition.class).hasMessageContaining("autoPause needs at least one metric with role guardrail");
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"autoPause\":\"yes\"", GUARDED)))
                .hasMessageContaining("autoPause must be true or false");
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"slices\":\"device\"", GUARDED)))
                .hasMessageContaining("slices must be an array");
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"slices\":[\"device\",\"device\"]", GUARDED)))
                .hasMessageContaining("slices: duplicate dimension");
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"slices\":[\"1x\"]", GUARDED)))
                .hasMessageContaining("slices: a dimension is an attribute name");
        assertThatThrownBy(() -> DefinitionJson.parse(definition(",\"slices\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]", GUARDED)))
                .hasMessageContaining("slices: at most 5 dimensions, got 6");
    }

    @Test
    void sliceValuesAreTheAttributesAsTextAndNoneWhenMissing() {
        Map<String, String> v = Slices.values(Map.of("device", "mobile", "age", 30.0, "new", true, "other", "x"),
                List.of("device", "age", "new", "country"));
        assertThat(v).containsExactlyInAnyOrderEntriesOf(Map.of("device", "mobile", "age", "30", "new", "true",
                "country", Slices.NONE));
        assertThat(Slices.values(Map.of("score", 2.5), List.of("score"))).containsEntry("score", "2.5");
    }
}
