package io.recolab.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DictionaryTest {
    @Test
    void numbersFirstInNumericOrderThenStrings() {
        List<String> ids = new ArrayList<>(List.of("b", "10", "85123A", "9", "a", "007"));
        ids.sort(Dictionary.ID_ORDER);
        assertThat(ids).containsExactly("007", "9", "10", "85123A", "a", "b");
    }

    @Test
    void mapsBothWays() {
        Dictionary d = Dictionary.ofSorted("1", "2", "x");
        assertThat(d.index("x")).isEqualTo(2);
        assertThat(d.id(1)).isEqualTo("2");
        assertThat(d.index("unknown")).isEqualTo(-1);
    }
}
