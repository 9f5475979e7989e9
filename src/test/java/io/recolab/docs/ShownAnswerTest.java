package io.recolab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's way of showing answers: {@code ...} for any value or more fields, the rest exact. */
class ShownAnswerTest {
    private static List<String> problems(String shown, String actual) {
        List<String> problems = new ArrayList<>();
        ShownAnswer.match(ShownAnswer.parse(shown), Json.parse(actual), "$", problems);
        return problems;
    }

    @Test
    void dotsStandForAnyValueOrMoreFields() {
        assertThat(problems("{\"status\":\"UP\",\"database\":{\"status\":\"UP\",\"latencyMs\":...},\"models\":[...]}",
                "{\"status\":\"UP\",\"database\":{\"status\":\"UP\",\"latencyMs\":3.2},\"models\":[{\"a\":1}]}")).isEmpty();
        assertThat(problems("{\"id\":\"5f0c...\",\"scopes\":[\"assign\"],...,\"key\":\"rlk_Ab...\"}",
                "{\"id\":\"x\",\"scopes\":[\"assign\"],\"label\":\"l\",\"key\":\"rlk_zz\"}")).isEmpty();
    }

    @Test
    void whatIsShownMustBeThere() {
        assertThat(problems("{\"accepted\":2,\"duplicates\":0}", "{\"accepted\":2.0,\"duplicates\":0}")).isEmpty();
        assertThat(problems("{\"accepted\":2,\"duplicates\":0}", "{\"accepted\":1,\"duplicates\":0}"))
                .containsExactly("$.accepted: expected 2, got 1");
        assertThat(problems("{\"accepted\":2}", "{\"accepted\":2,\"excluded\":{}}"))
                .containsExactly("$.excluded: not shown in the README");
        assertThat(problems("{\"treatment\":\"T1\",...}", "{\"recommender\":\"x\"}"))
                .containsExactly("$.treatment: missing");
    }
}
