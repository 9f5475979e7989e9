package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionTest {
    private static final String BASE = """
            {"key":"k","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}]}""";

    @Test
    void defaultsForOmittedOptionalFields() {
        ExperimentDefinition d = DefinitionJson.parse(BASE);
        assertThat(d.unit()).isEqualTo("customer");
        assertThat(d.exposurePercent()).isEqualTo(100);
        assertThat(d.description()).isEmpty();
        assertThat(d.salt()).isEqualTo("k");
        assertThat(d.metrics()).containsExactly(new MetricSpec("conversion", MetricSpec.Type.BINOMIAL, 14));
        assertThat(d.control().name()).isEqualTo("C");
    }

    @Test
    void roundTripsThroughJson() {
        ExperimentDefinition d = DefinitionJson.parse("""
                {"key":"homepage-recs","description":"d","unit":"session","exposurePercent":12.5,"salt":"s2",
                 "treatments":[{"name":"C","weight":3,"recommender":"item-to-item"},{"name":"T1","weight":1,"recommender":"autoencoder"}],
                 "metrics":[{"name":"purchase","type":"binomial","windowDays":14},{"name":"revenue","type":"mean","windowDays":7}]}""");
        assertThat(DefinitionJson.parse(DefinitionJson.write(d))).isEqualTo(d);
        assertThat(d.allocation().exposedBuckets()).isEqualTo(1250);
        assertThat(d.allocation().treatmentEnds()).containsExactly(7500, 10000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"key\":\"k\"                           | \"key\":\"-k\"                      | key must match",
        "\"weight\":1,\"recommender\":\"item-to-item\"     | \"weight\":-2,\"recommender\":\"item-to-item\"  | weight must be a positive integer, got -2",
        "\"weight\":1,\"recommender\":\"item-to-item\"     | \"weight\":1.5,\"recommender\":\"item-to-item\" | treatments[1].weight must be an integer, got 1.5",
        "\"name\":\"T1\"                        | \"name\":\"C\"                       | duplicate treatment name \"C\" in [C, C]",
        "\"recommender\":\"item-to-item\"                  | \"recommender\":\" \"                | recommender must be non-empty",
        "\"key\":\"k\"                           | \"key\":\"k\",\"exposurePercent\":-1 | exposurePercent must be in 0..100, got -1.0",
        "\"key\":\"k\"                           | \"key\":\"k\",\"exposurePercent\":12.345 | resolution of 0.01",
        "\"key\":\"k\"                           | \"key\":\"k\",\"metrics\":[{\"name\":\"m\",\"type\":\"median\"}] | metrics[0].type must be binomial, mean or ratio",
        "\"key\":\"k\"                           | \"key\":\"k\",\"metrics\":[{\"name\":\"m\",\"windowDays\":0}] | windowDays must be in 1..365, got 0",
        "\"key\":\"k\"                           | \"key\":\"k\",\"extra\":1         | unknown field extra",
        "\"key\":\"k\"                           | \"key\":\"k\",\"salt\":\"Bad Salt\" | salt must match",
        "\"name\":\"T1\"                        | \"name\":\"c\"                       | treatment names \"C\" and \"c\" differ only in case",
        "\"key\":\"k\"                           | \"key\":\"k\",\"metrics\":[]          | metrics must name at least one metric",
    })
    void rejectsBadDefinitionsShowingTheValues(String from, String to, String message) {
        String json = BASE.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        assertThat(json).isNotEqualTo(BASE);
        assertThatThrownBy(() -> DefinitionJson.parse(json)).isInstanceOf(InvalidDefinition.class).hasMessageContaining(message);
    }

    @Test
    void needsAControlAndATreatment() {
        assertThatThrownBy(() -> DefinitionJson.parse("{\"key\":\"k\",\"treatments\":[{\"name\":\"C\",\"weight\":1,\"recommender\":\"bestseller\"}]}"))
                .hasMessageContaining("at least 2 treatments");
    }

    @Test
    void weightsMustFitTheBuckets() {
        assertThatThrownBy(() -> new ExperimentDefinition("k", "", null, 100,
                List.of(new Treatment("C", 9000, "bestseller"), new Treatment("T1", 2000, "item-to-item")), null, null))
                .hasMessageContaining("[9000, 2000] = 11000");
    }
}
