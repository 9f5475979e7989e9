package io.recolab.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator against the golden file the Java client's test reads too. */
class TargetingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode golden() throws IOException {
        try (InputStream in = TargetingTest.class.getResourceAsStream("/targeting/golden-v1.json")) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void everyGoldenCaseMatchesAsWritten() throws IOException {
        JsonNode golden = golden();
        assertThat(golden.get("cases").size()).isGreaterThan(40);
        for (JsonNode c : golden.get("cases")) {
            Targeting t = Targeting.parse(c.get("condition"), "targeting");
            Map<String, Object> attributes = Attributes.fromJson(c.get("attributes"), "attributes");
            assertThat(t.matches(attributes)).as(c.toString()).isEqualTo(c.get("match").booleanValue());
        }
    }

    @Test
    void everyInvalidGoldenConditionIsRefusedNamingItsPath() throws IOException {
        for (JsonNode c : golden().get("invalid")) {
            assertThatThrownBy(() -> Targeting.parse(c.get("condition"), "targeting")).as(c.toString())
                    .isInstanceOf(InvalidTargeting.class).hasMessageStartingWith(c.get("error").textValue());
        }
    }

    /** Query parameters bring text: the same answers as the typed JSON attributes where text can say it. */
    @Test
    void textAttributesCompareAsNumbersAndBooleansAgainstThoseOperands() {
        Targeting adult = Targeting.parse("{\"age\": {\"gte\": 18}, \"member\": {\"eq\": true}}");
        assertThat(adult.matches(Map.of("age", "18", "member", "true"))).isTrue();
        assertThat(adult.matches(Map.of("age", "1e1", "member", "true"))).isFalse();
        assertThat(adult.matches(Map.of("age", "NaN", "member", "true"))).isFalse();
        assertThat(adult.matches(Map.of("age", "0x20", "member", "true"))).isFalse();
    }

    @Test
    void limitsBoundTheConditionAndTheAttributes() {
        String deep = "{\"not\":".repeat(12) + "{\"a\":{\"eq\":1}}" + "}".repeat(12);
        assertThatThrownBy(() -> Targeting.parse(deep)).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Targeting.parse("{\"a\":{\"regex\":\"" + "a".repeat(300) + "\"}}"))
                .hasMessageStartingWith("targeting.a.regex: must be a regular expression of 1..256");
        Map<String, Object> many = new HashMap<>();
        assertThatThrownBy(() -> {
            for (int i = 0; i <= Attributes.MAX_ATTRIBUTES; i++) {
                Attributes.put(many, "a" + i, "v", "attr");
            }
        }).hasMessageContaining("at most 64 attributes");
        assertThatThrownBy(() -> Attributes.put(new HashMap<>(), "x", "v".repeat(257), "attr"))
                .hasMessageContaining("attr.x must be at most 256");
        assertThatThrownBy(() -> Attributes.put(new HashMap<>(), "x", Double.NaN, "attr"))
                .hasMessageContaining("attr.x must be a string, finite number or boolean");
        assertThatThrownBy(() -> Attributes.put(new HashMap<>(), "c", "a\u0001b", "attr"))
                .hasMessage("attr.c must not contain control characters");
    }

    /** RE2/J: a pattern that makes java.util.regex backtrack for minutes answers at once. */
    @Test
    void aCatastrophicPatternForJavaRegexIsLinearHere() {
        Targeting t = Targeting.parse("{\"s\": {\"regex\": \"^(a|aa)+$\"}}");
        String input = "a".repeat(250) + "b";
        long t0 = System.nanoTime();
        assertThat(t.matches(Map.of("s", input))).isFalse();
        // Generous: the backtracking engine would need about 2^125 steps.
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test
    void equalityIsByTheWrittenCondition() {
        assertThat(Targeting.parse("{\"a\":{\"eq\":1}}")).isEqualTo(Targeting.parse("{ \"a\" : { \"eq\" : 1 } }"));
        assertThat(Targeting.parse("{\"a\":{\"eq\":1}}")).isNotEqualTo(Targeting.parse("{\"a\":{\"eq\":2}}"));
    }

    /**
     * The size bound holds for the condition's regexes together: 100 regexes each at the bound made one
     * assignment cost about a second on the event loop (red-team, 2026-12-07).
     */
    @Test
    void aHexEscapeIsOneCharacterNotARepeat() {
        Targeting t = Targeting.parse("{\"s\": {\"regex\": \"^\\\\x{1000}$\"}}");
        assertThat(t.matches(Map.of("s", "\u1000"))).isTrue();
    }

    @Test
    void theRegexBoundIsOnTheWholeCondition() {
        String heavy = "{\"regex\": \"(.{0,95}x){10}z\"}";
        assertThat(Targeting.parse("{\"a\": " + heavy + "}")).isNotNull();
        assertThatThrownBy(() -> Targeting.parse("{\"or\": [{\"a\": " + heavy + "}, {\"b\": " + heavy + "}]}"))
                .hasMessageStartingWith("targeting.or[1].b.regex: the condition's regular expressions together are too large");
        // A condition stored before this bound still loads (the stored bound is the per-definition ceiling).
        assertThat(Targeting.parseStored(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                Map.of("or", java.util.List.of(Map.of("a", Map.of("regex", "(.{0,95}x){10}z")),
                        Map.of("b", Map.of("regex", "(.{0,95}x){10}z"))))), "targeting")).isNotNull();
    }
}
