package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The metric kinds of a definition (issue 22.7): parsed, validated across metrics, and written back unchanged. */
class MetricKindsDefinitionTest {
    private static final String HEAD = "{\"key\":\"k\",\"treatments\":[{\"name\":\"C\",\"weight\":1,\"recommender\":\"bestseller\"},"
            + "{\"name\":\"T1\",\"weight\":1,\"recommender\":\"bestseller\"}],\"metrics\":[";

    @Test
    void kindsParseAndRoundTrip() {
        ExperimentDefinition d = DefinitionJson.parse(HEAD
                + "{\"name\":\"revenue\",\"type\":\"mean\",\"cap\":{\"percentile\":99.5},\"cuped\":true},"
                + "{\"name\":\"orders\",\"type\":\"mean\"},"
                + "{\"name\":\"aov\",\"type\":\"ratio\",\"numerator\":\"revenue\",\"denominator\":\"orders\"},"
                + "{\"name\":\"per-exposure\",\"type\":\"ratio\",\"numerator\":\"orders\",\"denominator\":\"exposures\",\"windowDays\":7},"
                + "{\"name\":\"purchase\",\"cuped\":\"interactions\"},{\"name\":\"plain\",\"cuped\":false}]}");
        MetricSpec revenue = d.metrics().get(0);
        assertThat(revenue.capPercentile()).isEqualTo(99.5);
        assertThat(revenue.cuped()).isEqualTo(MetricSpec.Covariate.CONVERSIONS);
        assertThat(revenue.unitLevel()).isTrue();
        assertThat(d.metrics().get(2).ratio()).isEqualTo(new MetricSpec.Ratio("revenue", "orders"));
        assertThat(d.metrics().get(3).ratio().denominator()).isEqualTo(MetricSpec.EXPOSURES);
        assertThat(d.metrics().get(4).type()).isEqualTo(MetricSpec.Type.BINOMIAL);
        assertThat(d.metrics().get(4).cuped()).isEqualTo(MetricSpec.Covariate.INTERACTIONS);
        assertThat(d.metrics().get(5).unitLevel()).isFalse();
        assertThat(d.metrics().get(1).unitLevel()).isFalse();
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
        assertThat(DefinitionJson.write(d)).contains("\"cap\":{\"percentile\":99.5}").contains("\"cuped\":\"conversions\"");
    }

    @Test
    void aRatioNeedsPartsThatExistAndAreNoRatios() {
        assertThatThrownBy(() -> DefinitionJson.parse(HEAD + "{\"name\":\"a\",\"type\":\"ratio\",\"numerator\":\"b\","
                + "\"denominator\":\"exposures\"},{\"name\":\"b\",\"type\":\"ratio\",\"numerator\":\"c\",\"denominator\":\"exposures\"},"
                + "{\"name\":\"c\"}]}")).hasMessageContaining("metric a: its part \"b\" is itself a ratio");
        assertThatThrownBy(() -> DefinitionJson.parse(HEAD + "{\"name\":\"a\",\"type\":\"ratio\",\"numerator\":\"c\","
                + "\"denominator\":\"c\"},{\"name\":\"c\"}]}")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> DefinitionJson.parse(HEAD + "{\"name\":\"a\",\"type\":\"mean\",\"numerator\":\"c\","
                + "\"denominator\":\"exposures\"},{\"name\":\"c\"}]}")).hasMessageContaining("only for type ratio");
        assertThatThrownBy(() -> DefinitionJson.parse(HEAD + "{\"name\":\"a\",\"type\":\"ratio\",\"numerator\":\"c\","
                + "\"denominator\":\"exposures\",\"role\":\"guardrail\",\"harm\":\"decrease\"},{\"name\":\"c\"}]}"))
                .hasMessageContaining("cannot be a guardrail yet");
        assertThatThrownBy(() -> DefinitionJson.parse(HEAD + "{\"name\":\"m\",\"type\":\"mean\",\"cuped\":3}]}"))
                .hasMessageContaining("metrics[0].cuped must be true, false");
    }
}
