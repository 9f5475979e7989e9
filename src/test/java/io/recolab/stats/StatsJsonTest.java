package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatsJsonTest {
    static Stream<Arguments> badRequests() throws IOException {
        try (InputStream in = StatsJsonTest.class.getResourceAsStream("/stats/bad-requests.json")) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : Json.MAPPER.readTree(in)) {
                out.add(Arguments.of(c.get("endpoint").asText(), c.get("body"), c.get("status").asInt(),
                        c.get("error").asText()));
            }
            return out.stream();
        }
    }

    /** Table: src/test/resources/stats/bad-requests.json. 400 = MalformedRequest, 422 = other IAE. */
    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("badRequests")
    void badRequestsNameTheField(String endpoint, JsonNode body, int status, String error) {
        Function<JsonNode, Object> call = switch (endpoint) {
            case "compare" -> StatsJson::compare;
            case "srm" -> StatsJson::srm;
            case "power" -> StatsJson::power;
            default -> throw new IllegalStateException(endpoint);
        };
        Throwable thrown = catchThrowable(() -> call.apply(body));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage(error);
        assertThat(thrown instanceof StatsJson.MalformedRequest ? 400 : 422).isEqualTo(status);
    }

    @Test
    void defaultsFollowTheContract() {
        ComparisonRequest r = StatsJson.comparisonRequest(Json.parse("""
                {"metric":"binomial","control":{"n":100,"sum":10},"treatments":[{"n":100,"sum":12},{"n":100,"sum":9}]}"""));
        assertThat(r.difference()).isEqualTo(Difference.RELATIVE);
        assertThat(r.test()).isEqualTo(TestType.FREQUENTIST);
        assertThat(r.alternative()).isEqualTo(Alternative.TWO_SIDED);
        assertThat(r.alpha()).isEqualTo(0.05);
        assertThat(r.sequentialTuning()).isEqualTo(5000);
        assertThat(r.correction()).isEqualTo(Correction.HOLM);
        assertThat(r.control().name()).isEqualTo("control");
        assertThat(r.treatments()).extracting(Arm::name).containsExactly("T1", "T2");
        assertThat(r.treatments().get(0).stats().sumSquares()).isEqualTo(12);
    }

    @Test
    void ratioAndPriorAreParsed() {
        JsonNode ref = Reference.get("ratio");
        String body = "{\"metric\":\"ratio\",\"difference\":\"absolute\",\"test\":\"bayesian\","
                + "\"prior\":{\"mean\":0,\"variance\":100},\"control\":" + ref.get("control")
                + ",\"treatments\":[" + ref.get("treatment") + "]}";
        Comparison c = StatsJson.compare(Json.parse(body)).comparisons().get(0);
        assertThat(c.controlMean()).isCloseTo(ref.get("controlRatio").asDouble(), within(1e-9));
        // A vague prior (sd 10 against a standard error ~1) barely moves the posterior.
        assertThat(c.lift()).isCloseTo(ref.get("absoluteLift").asDouble(), within(0.05));
        assertThat(c.chanceToWin()).isBetween(0.0, 1.0);
    }
}
