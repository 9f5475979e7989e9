package io.recolab.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The size bound that keeps a targeting regex from compiling into a huge program or matching slowly. */
class RegexSizeTest {
    @Test
    void everydayPatternsAreSmall() {
        assertThat(RegexSize.of("mobile")).isEqualTo(6);
        assertThat(RegexSize.of("^(DE|AT|CH)$")).isEqualTo(9);
        assertThat(RegexSize.of("[a-z]{2,3}")).isEqualTo(4);
        assertThat(RegexSize.of("x{5,}")).isEqualTo(7);
        assertThat(RegexSize.of("(?i)^\\p{L}+@example\\.com$")).isLessThan(30);
        assertThat(RegexSize.of("\\Qa.b\\E")).isEqualTo(3);
        assertThat(RegexSize.of("[]a[:digit:]]")).isEqualTo(1);
        assertThat(RegexSize.of("a{x")).isEqualTo(3); // a literal brace
        for (String p : new String[] {"(", "[", "\\", "\\p{", "\\Q", "(?", ")", "a|", "{", "x{1000}{1000}"}) {
            assertThat(RegexSize.of(p)).as(p).isNotNegative(); // never throws, whatever the text
        }
    }

    @Test
    void nestedCountsMultiply() {
        assertThat(RegexSize.of("(x{10}){10}")).isEqualTo(10 * (10 + 1 + 1) + 1);
        assertThat(RegexSize.of("((((((((((x{1000}){1000}){1000}))))))))")).isGreaterThan(1_000_000_000L);
        assertThat(RegexSize.of("((((((x{1000}){1000}){1000}){1000}){1000}){1000}){1000}")).isEqualTo(Long.MAX_VALUE / 4); // saturates
        assertThat(RegexSize.of("(.{0,1000}){100}z")).isGreaterThan(100_000);
    }

    /** The two patterns that took a server down (out of memory) and slowed assignment to 0.5 s a match: refused at create. */
    @Test
    void theParserRefusesPatternsTooLargeOnceExpanded() {
        for (String bad : new String[] {"((((((((((x{1000}){1000}){1000}))))))))", "(.{0,1000}){100}z", "x{1000}"}) {
            assertThatThrownBy(() -> Targeting.parse("{\"a\": {\"regex\": \"" + bad + "\"}}"))
                    .isInstanceOf(InvalidTargeting.class)
                    .hasMessageStartingWith("targeting.a.regex: regular expression too large once its repetitions are expanded");
        }
        assertThat(Targeting.parse("{\"a\": {\"regex\": \"^[A-Z]{2}-[0-9]{1,5}$\"}}").matches(java.util.Map.of("a", "DE-123")))
                .isTrue();
    }

    /**
     * A definition stored before regexes were sized still loads from the store (a refused one would fail the
     * whole catalog at start); new input with it is refused. Only what could never compile stays refused.
     */
    @Test
    void storedDefinitionsKeepLoadingAboveTheInputBound() throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"key":"old","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                 {"name":"T","weight":1,"recommender":"bestseller"}],"targeting":{"a":{"regex":"x{1000}"}}}""");
        assertThat(io.recolab.experiment.DefinitionJson.parseStored(node).targeting().matches(java.util.Map.of("a", "x".repeat(1000))))
                .isTrue();
        assertThatThrownBy(() -> io.recolab.experiment.DefinitionJson.parse(node))
                .hasMessageStartingWith("targeting.a.regex: regular expression too large");
        var hostile = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"a\":{\"regex\":\"((((((((((x{1000}){1000}){1000}))))))))\"}}");
        assertThatThrownBy(() -> Targeting.parseStored(hostile, "targeting")).isInstanceOf(InvalidTargeting.class);
    }
}
