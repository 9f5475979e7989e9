package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void plainProgressPrintsALinePerStepAndAClosingLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.start("evaluate", 4, err, false)) {
            p.update(0, "a @ 1");
            p.update(0.5, "a @ 1"); // same step, within 5 s: no line
            p.update(1, "a @ 2");
            p.update(2, "b @ 1");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().toList()).hasSize(4);
        assertThat(text).contains("evaluate:   0% 0/4 a @ 1", "evaluate:  25% 1/4 a @ 2", "evaluate:  50% 2/4 b @ 1",
                "evaluate: done in 0:00").doesNotContain("\r");
    }

    @Test
    void terminalProgressRedrawsOneLineInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = Progress.start("evaluate", 4, err, true);
        p.update(2, "b @ 1");
        p.close();
        p.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\revaluate [===============>", " 50% 2/4 b @ 1", "100% 4/4");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(text).endsWith(System.lineSeparator());
    }

    @Test
    void fractionMapsAHookOntoAStretchOfTheBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.start("load", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            p.fraction(5, 5, "second half").accept(0.4);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("load:  70% 7/10 second half");
    }
}
