package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.SampleRatio;
import io.recolab.stats.TestType;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Results by slice (issue 22.8) through the real server: exposures carry attributes, the slice
 * rollups count each unit in the slice of its first exposure, the comparison of each slice equals
 * the engine's on the same counts, one Holm correction runs over every (slice, treatment) pair,
 * each slice has its own sample-ratio check, and values past the cap go to "(other)".
 */
class ResultsSlicesTest {
    private static final String DEFINITION = """
            {"key":"sl","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"item-to-item"},
                           {"name":"T1","weight":50,"recommender":"autoencoder"}],
             "metrics":[{"name":"purchase","type":"binomial"},{"name":"revenue","type":"mean"}],
             "slices":["device","country"]}""";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Stores.Kind.class)
    void resultsBySliceWithHolmAcrossSlicesAndSrmPerSlice(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/sl/start", null).status()).isEqualTo(200);
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                ids.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
            }
            List<String> control = new ArrayList<>();
            List<String> treated = new ArrayList<>();
            for (JsonNode a : server.post("/api/v1/assignments", "{\"units\":[" + ids + "],\"experiments\":[\"sl\"]}")
                    .json().get("assignments")) {
                (a.get("treatment").asText().equals("C") ? control : treated).add(a.get("unit").asText());
            }
            Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
            server.backdateStart("sl", at.minus(Duration.ofDays(1)));
            List<String> events = new ArrayList<>();
            // mobile: 200 per arm, C converts 10%, T1 20%; desktop: 150 per arm, 10% each;
            // tablet: 60 in C, 10 in T1 (a sample-ratio mismatch in that slice only); 20 per arm name no device.
            int c = 0;
            int t = 0;
            c = exposures(events, control, c, 200, "mobile", 10, at);
            t = exposures(events, treated, t, 200, "mobile", 5, at);
            c = exposures(events, control, c, 150, "desktop", 10, at);
            t = exposures(events, treated, t, 150, "desktop", 10, at);
            c = exposures(events, control, c, 60, "tablet", 6, at);
            t = exposures(events, treated, t, 10, "tablet", 5, at);
            c = exposures(events, control, c, 20, null, 0, at);
            exposures(events, treated, t, 20, null, 0, at);
            // A later exposure with another device does not move a unit: the first one decides.
            events.add("{\"id\":\"again\",\"type\":\"exposure\",\"experiment\":\"sl\",\"unit\":\"" + control.get(0)
                    + "\",\"timestamp\":\"" + at.plusSeconds(60) + "\",\"attributes\":{\"device\":\"desktop\",\"country\":\"zz\"}}");
            for (int from = 0; from < events.size(); from += 500) {
                var r = server.post("/api/v1/events", "{\"events\":[" + String.join(",",
                        events.subList(from, Math.min(events.size(), from + 500))) + "]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            JsonNode report = server.get("/api/v1/experiments/sl/results?metric=purchase&slice=device").json();
            assertThat(report.get("dimension").asText()).isEqualTo("device");
            assertThat(report.get("correction").asText()).isEqualTo("holm");
            Map<String, JsonNode> slices = new HashMap<>();
            report.get("slices").forEach(s -> slices.put(s.get("value").asText(), s));
            assertThat(slices).containsOnlyKeys("mobile", "desktop", "tablet", "(none)");
            assertThat(units(slices.get("mobile"))).containsExactly(200, 200);
            assertThat(units(slices.get("tablet"))).containsExactly(60, 10);
            assertThat(units(slices.get("(none)"))).containsExactly(20, 20);
            assertThat(slices.get("mobile").at("/treatments/0/conversions").asLong()).isEqualTo(20);
            assertThat(slices.get("mobile").at("/treatments/1/conversions").asLong()).isEqualTo(40);

            // Each slice's comparison is the engine's on its counts (Welch on the 0/1 values, CONTRACT §6).
            String[] order = {"mobile", "desktop", "tablet", "(none)"};
            long[][] counts = {{200, 20, 200, 40}, {150, 15, 150, 15}, {60, 10, 10, 2}, {20, 0, 20, 0}};
            double[] raw = new double[order.length];
            for (int i = 0; i < order.length; i++) {
                long[] k = counts[i];
                var expected = Analyzer.compare(ComparisonRequest.of(MetricType.BINOMIAL, TestType.FREQUENTIST, 0.05,
                        Correction.NONE, List.of(Arm.of("C", k[0], k[1], k[1]), Arm.of("T1", k[2], k[3], k[3]))))
                        .comparisons().get(0);
                JsonNode got = slices.get(order[i]).at("/comparisons/0");
                if (expected.pValue() == null) {
                    assertThat(got.get("pValue").isNull()).isTrue();
                    raw[i] = Double.NaN;
                    continue;
                }
                assertThat(got.get("pValue").asDouble()).isCloseTo(expected.pValue(), within(1e-12));
                assertThat(got.get("relativeLift").asDouble()).isCloseTo(expected.relativeLift(), within(1e-12));
                raw[i] = expected.pValue();
            }
            // Holm (1979) by its definition: sort ascending, p_(j) x (m - j + 1), running maximum, capped at 1.
            double[] present = Arrays.stream(raw).filter(Double::isFinite).toArray();
            int m = present.length;
            assertThat(report.get("familySize").asInt()).isEqualTo(m);
            double[] sorted = present.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < order.length; i++) {
                if (!Double.isFinite(raw[i])) {
                    continue;
                }
                int rank = Arrays.binarySearch(sorted, raw[i]);
                double holm = 0;
                for (int j = 0; j <= rank; j++) {
                    holm = Math.max(holm, Math.min(1, (m - j) * sorted[j]));
                }
                JsonNode got = slices.get(order[i]).at("/comparisons/0");
                assertThat(got.get("adjustedPValue").asDouble()).as(order[i]).isCloseTo(holm, within(1e-12));
                assertThat(got.get("significant").asBoolean()).isEqualTo(holm < 0.05);
            }
            // The sample-ratio check of each slice: only the tablet slice is off its 50/50 split.
            SampleRatio.Result tablet = SampleRatio.test(new long[] {60, 10}, new double[] {50, 50});
            assertThat(slices.get("tablet").at("/srm/pValue").asDouble()).isCloseTo(tablet.pValue(), within(1e-12));
            assertThat(slices.get("tablet").at("/srm/mismatch").asBoolean()).isTrue();
            assertThat(slices.get("mobile").at("/srm/mismatch").asBoolean()).isFalse();

            // Country: a distinct value per unit; the first 50 keep their names, the rest are "(other)".
            JsonNode countries = server.get("/api/v1/experiments/sl/results?slice=country").json().get("slices");
            long named = 0;
            long other = 0;
            long total = 0;
            for (JsonNode s : countries) {
                String v = s.get("value").asText();
                named += v.startsWith("k") ? 1 : 0;
                long n = s.at("/treatments/0/units").asLong() + s.at("/treatments/1/units").asLong();
                other += v.equals("(other)") ? n : 0;
                total += n;
            }
            assertThat(named).isEqualTo(50);
            assertThat(total).isEqualTo(810); // 770 units with a country, 40 without: "(none)"
            assertThat(other).isEqualTo(720);

            // The revenue metric has no conversions: sums are 0 in every slice, the units still there.
            JsonNode revenue = server.get("/api/v1/experiments/sl/results?metric=revenue&slice=device").json();
            assertThat(revenue.get("metricType").asText()).isEqualTo("mean");
            assertThat(server.get("/api/v1/experiments/sl/results?slice=browser").status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/sl/results?slice=device&format=csv").status()).isEqualTo(400);
        }
    }

    /**
     * A unit's slice values come from its first exposure by timestamp, as its day and window do: an earlier
     * exposure arriving after a later one moves the unit to the earlier one's slice (it stayed in the
     * later one's before, while its window already started at the earlier exposure).
     */
    @ParameterizedTest
    @EnumSource(Stores.Kind.class)
    void anEarlierExposureArrivingLateBringsItsSliceValues(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/sl/start", null).status()).isEqualTo(200);
            Instant at = Instant.now().minus(Duration.ofHours(3));
            server.backdateStart("sl", at.minus(Duration.ofHours(1)));
            String late = "{\"id\":\"x-late\",\"type\":\"exposure\",\"experiment\":\"sl\",\"unit\":\"u1\",\"timestamp\":\""
                    + at.plus(Duration.ofMinutes(40)) + "\",\"attributes\":{\"device\":\"mobile\",\"country\":\"de\"}}";
            String early = "{\"id\":\"x-early\",\"type\":\"exposure\",\"experiment\":\"sl\",\"unit\":\"u1\",\"timestamp\":\""
                    + at.plus(Duration.ofMinutes(20)) + "\",\"attributes\":{\"device\":\"desktop\",\"country\":\"fr\"}}";
            String purchase = "{\"id\":\"p\",\"type\":\"conversion\",\"experiment\":\"sl\",\"unit\":\"u1\",\"metric\":\"purchase\","
                    + "\"timestamp\":\"" + at.plus(Duration.ofMinutes(25)) + "\"}";
            assertThat(server.post("/api/v1/events", "{\"events\":[" + late + "]}").status()).isEqualTo(200);
            assertThat(server.post("/api/v1/events", "{\"events\":[" + early + "," + purchase + "]}").status()).isEqualTo(200);
            for (String[] dimension : new String[][] {{"device", "desktop", "mobile"}, {"country", "fr", "de"}}) {
                JsonNode report = server.get("/api/v1/experiments/sl/results?metric=purchase&slice=" + dimension[0]).json();
                Map<String, JsonNode> slices = new HashMap<>();
                report.get("slices").forEach(s -> slices.put(s.get("value").asText(), s));
                assertThat(slices.get(dimension[1])).as(report.toString()).isNotNull();
                long units = 0;
                long conversions = 0;
                for (JsonNode t : slices.get(dimension[1]).get("treatments")) {
                    units += t.get("units").asLong();
                    conversions += t.get("conversions").asLong();
                }
                assertThat(units).as(report.toString()).isEqualTo(1);
                assertThat(conversions).isEqualTo(1);
                if (slices.containsKey(dimension[2])) {
                    for (JsonNode t : slices.get(dimension[2]).get("treatments")) {
                        assertThat(t.get("units").asLong()).as(report.toString()).isZero();
                    }
                }
            }
            // The export carries each exposure's slice values: the breakdown can be recounted from it.
            String exported = server.get("/api/v1/experiments/sl/export/exposures.jsonl").body();
            JsonNode earlyRow = exported.lines().map(io.recolab.json.Json::readOwn)
                    .filter(n -> n.get("id").asText().equals("x-early")).findFirst().orElseThrow();
            assertThat(earlyRow.get("slices").toString()).isEqualTo("{\"country\":\"fr\",\"device\":\"desktop\"}");
            assertThat(earlyRow.get("exclusion").isNull()).isTrue();
            assertThat(server.get("/api/v1/experiments/sl/export/exposures.csv").body())
                    .contains("\"{\"\"country\"\":\"\"fr\"\",\"\"device\"\":\"\"desktop\"\"}\"");
        }
    }

    @Test
    void attributesAreForExposuresAndSlicesFreezeOnceRun() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/sl/start", null).status()).isEqualTo(200);
            var conversion = server.post("/api/v1/events", "{\"events\":[{\"id\":\"c1\",\"type\":\"conversion\","
                    + "\"experiment\":\"sl\",\"unit\":\"u1\",\"metric\":\"purchase\",\"attributes\":{\"device\":\"x\"}}]}");
            assertThat(conversion.status()).isEqualTo(422);
            assertThat(conversion.body()).contains("events[0].attributes");
            var bad = server.post("/api/v1/events", "{\"events\":[{\"id\":\"x1\",\"type\":\"exposure\","
                    + "\"experiment\":\"sl\",\"unit\":\"u1\",\"attributes\":{\"device\":[1]}}]}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("events[0].attributes.device");
            var changed = server.put("/api/v1/experiments/sl", DEFINITION.replace("\"device\",\"country\"", "\"device\""));
            assertThat(changed.status()).isEqualTo(409);
            assertThat(changed.body()).contains("slices cannot change");
            var tooMany = server.post("/api/v1/experiments", DEFINITION.replace("\"key\":\"sl\"", "\"key\":\"sl2\"")
                    .replace("\"device\",\"country\"", "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\""));
            assertThat(tooMany.status()).isEqualTo(422);
            assertThat(tooMany.body()).contains("slices: at most 5");
        }
    }

    private static long[] units(JsonNode slice) {
        return new long[] {slice.at("/treatments/0/units").asLong(), slice.at("/treatments/1/units").asLong()};
    }

    /** Exposes {@code count} units from {@code from}; every {@code every}-th converts. @return the next index */
    private static int exposures(List<String> events, List<String> units, int from, int count, String device, int every,
                                 Instant at) {
        for (int i = 0; i < count; i++) {
            String unit = units.get(from + i);
            StringBuilder attributes = new StringBuilder();
            if (device != null) {
                attributes.append(",\"attributes\":{\"device\":\"").append(device).append("\",\"country\":\"k")
                        .append(unit).append("\",\"plan\":\"ignored\"}");
            }
            events.add("{\"id\":\"x" + unit + "\",\"type\":\"exposure\",\"experiment\":\"sl\",\"unit\":\"" + unit
                    + "\",\"timestamp\":\"" + at + "\"" + attributes + "}");
            if (every > 0 && i % every == 0) {
                events.add("{\"id\":\"p" + unit + "\",\"type\":\"conversion\",\"experiment\":\"sl\",\"unit\":\"" + unit
                        + "\",\"metric\":\"purchase\",\"timestamp\":\"" + at.plusSeconds(5) + "\"}");
            }
        }
        return from + count;
    }
}
