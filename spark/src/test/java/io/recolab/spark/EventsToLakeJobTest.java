package io.recolab.spark;

import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events from an export into the day-partitioned lake: duplicates dropped, a re-run of one day rewrites
 * exactly that day (to what its input holds now) and nothing else, a second identical run changes no
 * row; and the results job reads the lake to the same rollups as the export it came from.
 */
class EventsToLakeJobTest {
    private static final String DEFINITION = """
            {"key": "lake", "treatments": [{"name": "C", "weight": 1, "recommender": "bestseller"},
                                           {"name": "T1", "weight": 1, "recommender": "item-to-item"}],
             "metrics": [{"name": "purchase", "type": "binomial", "windowDays": 2}]}""";

    @TempDir
    Path tmp;

    @Test
    void aDayIsRewrittenExactlyAndTheOthersAreLeftAlone() throws IOException {
        Path export = Files.createDirectories(tmp.resolve("export"));
        List<String> lines = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            String day = "2026-03-0" + (1 + u % 3);
            lines.add(exposure("x" + u, "u" + u, u % 2 == 0 ? "C" : "T1", day + "T23:59:59.5Z"));
            if (u % 3 == 0) {
                lines.add(conversion("c" + u, "u" + u, "2026-03-0" + (2 + u % 3) + "T00:00:00Z"));
            }
        }
        lines.add(lines.get(0)); // the same event exported twice
        Files.write(export.resolve("events.jsonl"), lines);
        Path lake = tmp.resolve("lake");
        EventsToLakeJob.Summary all = EventsToLakeJob.run(LocalSpark.session(),
                new EventsToLakeJob.Options(export.toString(), "jsonl", lake.toString(), null, 1));
        assertThat(all.duplicates()).isEqualTo(1);
        // 23:59:59.5 is still its own day; the conversions fall on the next day
        assertThat(all.days()).containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-03"));
        assertThat(ids(lake, null)).hasSize(lines.size() - 1);
        List<String> day1 = ids(lake, "2026-03-01");
        List<String> day3Files = files(lake.resolve("day=2026-03-03"));

        // Day 2 is exported again, corrected: one event gone, one late event added.
        Path again = Files.createDirectories(tmp.resolve("again"));
        List<String> corrected = new ArrayList<>(lines.stream().filter(l -> !l.contains("\"x1\"")).toList());
        corrected.add(exposure("late", "u99", "C", "2026-03-02T12:00:00Z"));
        Files.write(again.resolve("events.jsonl"), corrected);
        EventsToLakeJob.Options day2 = new EventsToLakeJob.Options(again.toString(), "jsonl", lake.toString(),
                LocalDate.parse("2026-03-02"), 2);
        EventsToLakeJob.run(LocalSpark.session(), day2);
        List<String> expectedDay2 = corrected.stream().filter(l -> l.contains("\"timestamp\":\"2026-03-02"))
                .map(l -> l.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")).sorted().toList();
        assertThat(ids(lake, "2026-03-02")).isEqualTo(expectedDay2).contains("late").doesNotContain("x1");
        assertThat(ids(lake, "2026-03-01")).isEqualTo(day1);
        assertThat(files(lake.resolve("day=2026-03-03"))).isEqualTo(day3Files); // not even rewritten

        EventsToLakeJob.run(LocalSpark.session(), day2);
        assertThat(ids(lake, "2026-03-02")).isEqualTo(expectedDay2);

        // The results job reads the lake to the rollups it computes from the export itself.
        ExperimentDefinition d = DefinitionJson.parse(DEFINITION);
        ResultsJob.Summary fromLake = ResultsJob.run(LocalSpark.session(), d,
                new ResultsJob.Options(lake.toString(), "lake", null, null, null, null));
        ResultsJob.Summary fromExport = ResultsJob.run(LocalSpark.session(), d,
                new ResultsJob.Options(again.toString(), "jsonl", null, null, null, null));
        assertThat(fromLake.units()).isEqualTo(fromExport.units()).isNotEmpty();
        assertThat(fromLake.metrics()).isEqualTo(fromExport.metrics()).isNotEmpty();
        assertThat(fromExport.duplicateEvents()).isEqualTo(1);
    }

    private List<String> ids(Path lake, String day) {
        var events = LocalSpark.session().read().parquet(lake.toString());
        if (day != null) {
            events = events.where("day = DATE'" + day + "'");
        }
        return events.select("id").collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String exposure(String id, String unit, String treatment, String at) {
        return "{\"id\":\"" + id + "\",\"experiment\":\"lake\",\"type\":\"exposure\",\"unit\":\"" + unit + "\",\"treatment\":\""
                + treatment + "\",\"in_experiment\":true,\"metric\":null,\"value\":0.0,\"timestamp\":\"" + at
                + "\",\"received_at\":\"" + at + "\",\"items\":[\"i1\",\"i2\"]}";
    }

    private static String conversion(String id, String unit, String at) {
        return "{\"id\":\"" + id + "\",\"experiment\":\"lake\",\"type\":\"conversion\",\"unit\":\"" + unit
                + "\",\"treatment\":\"C\",\"in_experiment\":true,\"metric\":\"purchase\",\"value\":1.0,\"timestamp\":\"" + at
                + "\",\"received_at\":\"" + at + "\",\"items\":null}";
    }
}
