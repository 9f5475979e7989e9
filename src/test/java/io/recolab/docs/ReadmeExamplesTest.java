package io.recolab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.app.Recolab;
import io.recolab.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code curl} example of README.md as a user would: in a folder holding the
 * repository's {@code experiments/} and the server's {@code data/} (so {@code K=$(cat
 * data/admin.key)} reads the admin key the server generated, as the README says), against a real
 * server on H2, with real curl, in the README's order. Only what a user substitutes is substituted:
 * the port for 8080, and the id of the key created above for {@code <id>}; the server holds the
 * shipped {@code homepage-recs} running, as after the README's first command ({@code serve --demo}). Each
 * example must answer 2xx and, where the README shows an answer, match it ({@code ...} stands for
 * any value, or for more fields).
 */
class ReadmeExamplesTest {
    private static final Pattern FENCE = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final String KEY_LINE = "K=$(cat data/admin.key)";

    @TempDir
    Path tmp;

    /** One curl command as written, and the answer the README shows for it (null if none). */
    record Example(String command, String shown) {
    }

    @Test
    void everyCurlExampleAnswersAsTheReadmeSays() throws Exception {
        Assumptions.assumeTrue(onPath("curl") && onPath("bash"), "curl or bash is not installed; skipping");
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("the README tells how to get the key").contains(KEY_LINE);
        List<Example> examples = examples(readme);
        assertThat(examples).as("curl examples in README.md").hasSizeGreaterThan(20);

        Path work = tmp.resolve("clone");
        Files.createDirectories(work.resolve("experiments"));
        Files.copy(Path.of("experiments/homepage-recs.json"), work.resolve("experiments/homepage-recs.json"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        // The status code of each call, after its output: the commands themselves stay as written.
        Files.writeString(home.resolve(".curlrc"), "write-out = \"\\n%{http_code}\"\nmax-time = 60\n");

        // As after the README's first command: the shipped homepage-recs exists and runs (the demo starts it;
        // its traffic and models are left out, the examples only need the experiment running).
        Recolab.Config config = new Recolab.Config("127.0.0.1", 0, work.resolve("data"), null,
                work.resolve("experiments"), null, 200);
        try (Recolab app = Recolab.start(config)) {
            assertThat(work.resolve("data/admin.key")).exists();
            app.experiments().transition("homepage-recs", io.recolab.experiment.Transition.START, "demo");
            String keyId = null;
            List<String> problems = new ArrayList<>();
            for (Example example : examples) {
                String command = example.command().replace("localhost:8080", "localhost:" + app.port());
                if (command.contains("<id>")) {
                    assertThat(keyId).as("a key was created before " + example.command()).isNotNull();
                    command = command.replace("<id>", keyId);
                }
                Answer answer = run(work, home, command);
                if (answer.status() < 200 || answer.status() > 299) {
                    problems.add(example.command() + "\n  answered " + answer.status() + ": " + answer.body());
                    continue;
                }
                if (example.shown() != null) {
                    List<String> mismatches = new ArrayList<>();
                    JsonNode actual;
                    try {
                        actual = Json.parse(answer.body());
                    } catch (RuntimeException e) {
                        problems.add(example.command() + "\n  answered no JSON: " + answer.body());
                        continue;
                    }
                    ShownAnswer.match(ShownAnswer.parse(example.shown()), actual, "$", mismatches);
                    if (!mismatches.isEmpty()) {
                        problems.add(example.command() + "\n  README shows " + example.shown() + "\n  server answered "
                                + answer.body() + "\n  " + String.join("; ", mismatches));
                    }
                }
                if (keyId == null && command.contains("/api/v1/keys") && command.contains("-X POST")) {
                    keyId = Json.parse(answer.body()).path("id").asText();
                }
            }
            assertThat(problems).as("README examples that do not work as written").isEmpty();
        }
    }

    /** The curl commands of the README's sh blocks, in order, each with the answer shown after it. */
    static List<Example> examples(String readme) {
        List<Example> examples = new ArrayList<>();
        Matcher fence = FENCE.matcher(readme);
        while (fence.find()) {
            String[] lines = fence.group(1).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].startsWith("curl ")) {
                    continue;
                }
                StringBuilder command = new StringBuilder(lines[i]);
                // A command goes on past a trailing backslash, or while a quote is open.
                while ((command.toString().endsWith("\\") || openQuote(command.toString())) && i + 1 < lines.length) {
                    command.append('\n').append(lines[++i]);
                }
                String text = command.toString();
                String shown = null;
                int comment = commentStart(text);
                if (comment >= 0) {
                    String remark = text.substring(comment + 1).trim();
                    text = text.substring(0, comment).stripTrailing();
                    if (remark.startsWith("{")) {
                        shown = remark;
                    }
                }
                if (shown == null && i + 1 < lines.length && lines[i + 1].startsWith("# {")) {
                    shown = lines[i + 1].substring(2).trim();
                }
                examples.add(new Example(text, shown));
            }
        }
        return examples;
    }

    private static boolean openQuote(String text) {
        return scan(text).openQuote() != 0;
    }

    /** Where a shell comment starts (a '#' after whitespace, outside quotes) on the last line, or -1. */
    private static int commentStart(String text) {
        return scan(text).lastComment();
    }

    /**
     * Reads a command as the shell would for quotes and comments: a comment (which may hold an
     * apostrophe, as in "each model's status") ends at its line and opens no quote.
     */
    private static Scan scan(String text) {
        char open = 0;
        int comment = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (open == 0 && c == '#' && i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
                int end = text.indexOf('\n', i);
                if (end < 0) {
                    comment = i;
                    break;
                }
                i = end;
            } else if (open == 0 && (c == '\'' || c == '"')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        return new Scan(open, comment);
    }

    private record Scan(char openQuote, int lastComment) {
    }

    record Answer(int status, String body) {
    }

    private static Answer run(Path work, Path home, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", KEY_LINE + "\n" + command).directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("curl finished: " + command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        int cut = text.lastIndexOf('\n');
        String code = text.substring(cut + 1).trim();
        assertThat(code).as("status written by curl for " + command + ": " + text).matches("\\d{3}");
        return new Answer(Integer.parseInt(code), text.substring(0, Math.max(0, cut)));
    }

    private static boolean onPath(String tool) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
