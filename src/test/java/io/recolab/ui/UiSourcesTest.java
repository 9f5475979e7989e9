package io.recolab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The UI's scripts build the page with textContent only (dom.js): no HTML parsing sink, no
 * string-to-code, no storage of secrets, anywhere in web/. The browser tests show the effect on
 * real pages; this keeps a future edit from quietly bringing a sink back.
 */
class UiSourcesTest {
    private static final Pattern SINKS = Pattern.compile(
            "\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write|srcdoc|\\beval\\(|new Function|"
                    + "setTimeout\\(\\s*['\"`]|javascript:|localStorage|sessionStorage|document\\.cookie");

    @Test
    void noScriptUsesAnHtmlSinkOrStoresSecrets() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("web"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".html")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!line.trim().startsWith("//") && SINKS.matcher(line).find()) {
                        found.add(file + ":" + (i + 1) + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theHtmlHasNoInlineScriptOrStyle() throws IOException {
        String html = Files.readString(Path.of("web", "index.html"));
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style").doesNotContain(" style=")
                .doesNotContainPattern(" on[a-z]+=");
    }

    /** app.js imports every page: a page importing app.js back makes a cycle, so pages use their own modules. */
    @Test
    void noPageImportsTheRouter() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("web", "js", "pages"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                if (Pattern.compile("from\\s+['\"][./]*app\\.js['\"]").matcher(Files.readString(file)).find()) {
                    found.add(file.toString());
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
