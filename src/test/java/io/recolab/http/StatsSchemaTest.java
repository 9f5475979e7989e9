package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.stats.Alternative;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonResult;
import io.recolab.stats.Correction;
import io.recolab.stats.Difference;
import io.recolab.stats.MetricType;
import io.recolab.stats.Power;
import io.recolab.stats.SampleRatio;
import io.recolab.stats.StatsJson;
import io.recolab.stats.TestType;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description of /api/v1/stats/* is held to the handlers (issue 22.5): each request
 * schema lists exactly the fields StatsJson accepts (it refuses any other) and requires exactly
 * those it requires; enums list the engine's values; each answer lists exactly the components of
 * the record the handler serialises. Adding a field to either side without the other fails here.
 */
class StatsSchemaTest {
    private static JsonNode doc() throws Exception {
        try (InputStream in = StatsSchemaTest.class.getResourceAsStream(OpenApiRoute.RESOURCE)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        return schema.has("$ref") ? doc.at(schema.get("$ref").asText().substring(1)) : schema;
    }

    private static JsonNode request(JsonNode doc, String endpoint) {
        return resolve(doc, doc.at("/paths/~1api~1v1~1stats~1" + endpoint + "/post/requestBody/content/application~1json/schema"));
    }

    private static JsonNode answer(JsonNode doc, String endpoint) {
        return resolve(doc, doc.at("/paths/~1api~1v1~1stats~1" + endpoint + "/post/responses/200/content/application~1json/schema"));
    }

    private static Set<String> properties(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> wire(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void closed(JsonNode schema, String what) {
        assertThat(schema.path("additionalProperties").asBoolean(true)).as(what + " must say additionalProperties: false").isFalse();
    }

    @Test
    void requestSchemasListExactlyTheFieldsTheParserAccepts() throws Exception {
        JsonNode doc = doc();
        JsonNode compare = request(doc, "compare");
        JsonNode arm = resolve(doc, compare.at("/properties/control"));
        JsonNode prior = resolve(doc, compare.at("/properties/prior"));
        JsonNode[][] cases = {{compare}, {arm}, {prior}, {request(doc, "srm")}, {request(doc, "power")}};
        String[] kinds = {"compare", "arm", "prior", "srm", "power"};
        for (int i = 0; i < kinds.length; i++) {
            JsonNode schema = cases[i][0];
            assertThat(properties(schema)).as(kinds[i] + " properties").isEqualTo(new TreeSet<>(StatsJson.FIELDS.get(kinds[i])));
            assertThat(strings(schema.path("required"))).as(kinds[i] + " required")
                    .isEqualTo(new TreeSet<>(StatsJson.REQUIRED.get(kinds[i])));
            closed(schema, kinds[i]);
        }
        assertThat(resolve(doc, compare.at("/properties/treatments/items"))).isEqualTo(arm);
        assertThat(strings(compare.at("/properties/metric/enum"))).isEqualTo(wire(MetricType.class));
        assertThat(strings(compare.at("/properties/difference/enum"))).isEqualTo(wire(Difference.class));
        assertThat(strings(compare.at("/properties/test/enum"))).isEqualTo(wire(TestType.class));
        assertThat(strings(compare.at("/properties/alternative/enum"))).isEqualTo(wire(Alternative.class));
        assertThat(strings(compare.at("/properties/correction/enum"))).isEqualTo(wire(Correction.class));
        assertThat(strings(request(doc, "power").at("/properties/test/enum"))).isEqualTo(wire(TestType.class));
    }

    @Test
    void answerSchemasListExactlyTheSerialisedComponents() throws Exception {
        JsonNode doc = doc();
        JsonNode compare = answer(doc, "compare");
        closed(compare, "compare answer");
        assertThat(properties(compare)).isEqualTo(components(ComparisonResult.class));
        JsonNode comparison = resolve(doc, compare.at("/properties/comparisons/items"));
        closed(comparison, "Comparison");
        assertThat(properties(comparison)).isEqualTo(components(Comparison.class));
        assertThat(properties(comparison.at("/properties/risk"))).isEqualTo(components(Comparison.Risk.class));
        assertThat(properties(answer(doc, "power"))).isEqualTo(components(Power.Result.class));
        closed(answer(doc, "power"), "power answer");
        assertThat(properties(answer(doc, "srm"))).isEqualTo(components(SampleRatio.Result.class));
        closed(answer(doc, "srm"), "srm answer");
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        // A misspelt option must not silently fall back to the default test.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatsJson.compare(Json.parse(
                "{\"metric\":\"binomial\",\"alternativ\":\"greater\",\"control\":{\"n\":10,\"sum\":1},"
                        + "\"treatments\":[{\"n\":10,\"sum\":2}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("alternativ is not a known field");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatsJson.compare(Json.parse(
                "{\"metric\":\"binomial\",\"control\":{\"n\":10,\"sum\":1},\"treatments\":[{\"n\":10,\"sum\":2,\"sumsquares\":2}]}")))
                .hasMessageStartingWith("treatments[0].sumsquares is not a known field");
    }
}
