package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.analysis.UnitLevel;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.TestType;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metric kinds on an experiment's results (issue 22.7), end to end: events and interactions through
 * the API, results and export read back. What the server computed is checked against the per-unit values
 * the fixture knows from the events it sent (windows applied by hand), run through the same formulas
 * (checked against NumPy/SciPy in MetricKindsReferenceTest): the store's reading of each unit's value,
 * exposures in the window and pre-exposure covariate is what is under test here.
 */
class ResultsMetricKindsTest {
    private static final List<String> ARMS = List.of("C", "T1");

    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void cappedCupedRatioAndBinomialCupedMatchTheUnitsSent(Stores.Kind store) {
        try (TestServer server = TestServer.start(store, tmp.resolve("data"), null)) {
            MetricKindsFixture.Units u = MetricKindsFixture.send(server, 600);
            String base = "/api/v1/experiments/" + MetricKindsFixture.KEY;

            // revenue: capped at p90 of the non-zero values, then CUPED on the revenue before exposure.
            JsonNode revenue = server.get(base + "/results?metric=revenue").json();
            UnitLevel.Capped capped = UnitLevel.cap(u.revenue(), 90);
            assertThat(capped.cappedUnits()).isPositive();
            JsonNode kind = revenue.get("kind");
            assertThat(kind.get("kind").asText()).isEqualTo("mean");
            assertThat(kind.get("source").asText()).isEqualTo("units");
            assertThat(kind.at("/caps/0/metric").asText()).isEqualTo("revenue");
            assertThat(kind.at("/caps/0/value").asDouble()).isCloseTo(capped.value(), within(1e-9));
            assertThat(kind.at("/caps/0/cappedUnits").asLong()).isEqualTo(capped.cappedUnits());
            Comparison expected = compare(UnitLevel.arms(ARMS, u.arm(), capped.values(), null, u.preRevenue(),
                    MetricType.MEAN), MetricType.MEAN);
            assertThat(kind.at("/cuped/covariate").asText()).isEqualTo("conversions");
            assertThat(kind.at("/cuped/unitsWithCovariate").asLong())
                    .isEqualTo(Arrays.stream(u.preRevenue()).filter(v -> v != 0).count());
            assertThat(kind.at("/cuped/comparisons/0/theta").asDouble()).isCloseTo(expected.theta(), within(1e-9));
            assertThat(kind.at("/cuped/comparisons/0/varianceReduction").asDouble())
                    .isCloseTo(expected.varianceReduction(), within(1e-9)).isGreaterThan(0.05);
            sameComparison(revenue, expected);
            assertThat(revenue.at("/treatments/0/units").asLong() + revenue.at("/treatments/1/units").asLong()).isEqualTo(600);

            // items per exposure: exposures counted within the window only.
            JsonNode ratio = server.get(base + "/results?metric=items-per-exposure").json();
            assertThat(ratio.at("/kind/kind").asText()).isEqualTo("ratio");
            assertThat(ratio.at("/kind/numerator").asText()).isEqualTo("items");
            assertThat(ratio.at("/kind/denominator").asText()).isEqualTo("exposures");
            List<Arm> ratioArms = UnitLevel.arms(ARMS, u.arm(), u.items(), u.exposures(), null, MetricType.RATIO);
            sameComparison(ratio, compare(ratioArms, MetricType.RATIO));
            assertThat(ratio.at("/treatments/0/mean").asDouble()).isCloseTo(
                    ratioArms.get(0).stats().sum() / ratioArms.get(0).denominator().denominatorSum(), within(1e-12));
            assertThat(ratio.at("/treatments/0/meanCiMethod").asText()).isEqualTo("delta");
            assertThat(ratio.at("/treatments/0/meanCi/0").asDouble()).isLessThan(ratio.at("/treatments/0/mean").asDouble());

            // purchase: binomial, CUPED on the interactions in the 14 days before the first exposure.
            JsonNode purchase = server.get(base + "/results?metric=purchase").json();
            Comparison binomial = compare(UnitLevel.arms(ARMS, u.arm(), u.purchase(), null, u.interactionsBefore(),
                    MetricType.BINOMIAL), MetricType.BINOMIAL);
            assertThat(purchase.at("/kind/cuped/covariate").asText()).isEqualTo("interactions");
            assertThat(purchase.at("/kind/cuped/comparisons/0/theta").asDouble()).isCloseTo(binomial.theta(), within(1e-9));
            assertThat(purchase.at("/kind/cuped/comparisons/0/varianceReduction").asDouble())
                    .isCloseTo(binomial.varianceReduction(), within(1e-9));
            sameComparison(purchase, binomial);

            // A plain metric stays on the rollups.
            assertThat(server.get(base + "/results?metric=items").json().at("/kind/source").asText()).isEqualTo("rollups");

            // The export shows the kind and the variance reduction on the treatment's row.
            String csv = server.get(base + "/export/results.csv?metric=revenue").body();
            String[] lines = csv.split("\r?\n");
            List<String> header = List.of(lines[0].split(","));
            assertThat(header).contains("analysed_from", "cap_value", "cuped_theta", "variance_reduction");
            String treated = Arrays.stream(lines).filter(l -> l.contains(",T1,")).findFirst().orElseThrow();
            String[] cells = treated.split(",", -1);
            assertThat(Double.parseDouble(cells[header.indexOf("variance_reduction")]))
                    .isCloseTo(expected.varianceReduction(), within(1e-9));
            assertThat(cells[header.indexOf("analysed_from")]).isEqualTo("units");
            assertThat(Double.parseDouble(cells[header.indexOf("cap_value")])).isCloseTo(capped.value(), within(1e-9));

            // Conversions cannot be sent to a ratio metric.
            var refused = server.post("/api/v1/events", "{\"events\":[{\"id\":\"z\",\"type\":\"conversion\",\"experiment\":\""
                    + MetricKindsFixture.KEY + "\",\"unit\":\"k1\",\"metric\":\"items-per-exposure\"}]}");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("ratio metric").contains("items / exposures");
        }
    }

    @Test
    void badKindsAreRefusedNamingTheField() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            String head = "{\"key\":\"bad\",\"treatments\":[{\"name\":\"C\",\"weight\":1,\"recommender\":\"bestseller\"},"
                    + "{\"name\":\"T1\",\"weight\":1,\"recommender\":\"bestseller\"}],\"metrics\":[";
            assertRefused(server, head + "{\"name\":\"r\",\"type\":\"ratio\",\"numerator\":\"x\",\"denominator\":\"exposures\"}]}",
                    "x\\\" is not a metric of this definition");
            assertRefused(server, head + "{\"name\":\"r\",\"type\":\"ratio\",\"numerator\":\"a\"},{\"name\":\"a\"}]}",
                    "needs numerator and denominator");
            assertRefused(server, head + "{\"name\":\"b\",\"type\":\"binomial\",\"cap\":{\"percentile\":99}}]}",
                    "cap is for mean metrics");
            assertRefused(server, head + "{\"name\":\"m\",\"type\":\"mean\",\"cap\":{\"percentile\":100}}]}",
                    "cap.percentile must be in (0, 100)");
            assertRefused(server, head + "{\"name\":\"m\",\"type\":\"mean\",\"cap\":{\"pct\":9}}]}", "metrics[0].cap.pct");
            assertRefused(server, head + "{\"name\":\"m\",\"type\":\"mean\",\"cuped\":\"yesterday\"}]}",
                    "metrics[0].cuped must be one of [conversions, interactions]");
            assertRefused(server, head + "{\"name\":\"a\",\"type\":\"mean\"},{\"name\":\"r\",\"type\":\"ratio\","
                    + "\"numerator\":\"a\",\"denominator\":\"exposures\",\"cuped\":true}]}", "cuped is for binomial and mean");
        }
    }

    private static void assertRefused(TestServer server, String definition, String message) {
        var r = server.post("/api/v1/experiments", definition);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains(message);
    }

    private static Comparison compare(List<Arm> arms, MetricType type) {
        return Analyzer.compare(ComparisonRequest.of(type, TestType.FREQUENTIST, 0.05, Correction.HOLM, arms))
                .comparisons().get(0);
    }

    private static void sameComparison(JsonNode results, Comparison expected) {
        JsonNode c = results.at("/comparisons/0");
        assertThat(c.get("treatment").asText()).isEqualTo("T1");
        assertThat(c.get("absoluteLift").asDouble()).isCloseTo(expected.absoluteLift(), within(1e-9));
        assertThat(c.get("pValue").asDouble()).isCloseTo(expected.pValue(), within(1e-9));
        assertThat(c.at("/absoluteCi/0").asDouble()).isCloseTo(expected.absoluteCi().get(0), within(1e-9));
        assertThat(c.get("relativeLift").asDouble()).isCloseTo(expected.relativeLift(), within(1e-9));
    }
}
