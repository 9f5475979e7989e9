package io.recolab.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.TestType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metric kinds of the results page (issue 22.7) against references computed from per-unit data
 * with NumPy/SciPy and textbook formulas, to 1e-6 (relative where the figure is large):
 * src/test/resources/stats/make_metric_kinds.py writes the units and the expected figures. Capping:
 * numpy.percentile (Hyndman and Fan 1996, definition 7) of the non-zero values, then
 * scipy.stats.ttest_ind(equal_var=False); CUPED: Deng, Xu, Kohavi, Walker, WSDM 2013; ratio: the delta
 * method of Deng, Knoblich, Lu, KDD 2018.
 */
class MetricKindsReferenceTest {
    private static JsonNode reference;
    private static int[] arm;
    private static double[] pre;
    private static double[] revenue;
    private static double[] exposures;
    private static double[] items;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MetricKindsReferenceTest.class.getResourceAsStream("/stats/metric-kinds.json")) {
            reference = Json.MAPPER.readTree(in);
        }
        JsonNode c = reference.at("/units/C");
        JsonNode t = reference.at("/units/T1");
        int nc = c.get("pre").size();
        int n = nc + t.get("pre").size();
        arm = new int[n];
        pre = new double[n];
        revenue = new double[n];
        exposures = new double[n];
        items = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode from = i < nc ? c : t;
            int j = i < nc ? i : i - nc;
            arm[i] = i < nc ? 0 : 1;
            pre[i] = from.get("pre").get(j).asDouble();
            revenue[i] = from.get("revenue").get(j).asDouble();
            exposures[i] = from.get("exposures").get(j).asDouble();
            items[i] = from.get("items").get(j).asDouble();
        }
    }

    @Test
    void percentileIsHyndmanFanSeven() {
        // numpy.percentile([1, 2, 3, 4, 10], 99) = 4 + 0.96 x 6; ([15, 20, 35, 40, 50], 40) = 20 + 0.6 x 15
        assertThat(UnitLevel.percentile(new double[] {1, 2, 3, 4, 10}, 99)).isCloseTo(9.76, within(1e-12));
        assertThat(UnitLevel.percentile(new double[] {15, 20, 35, 40, 50}, 40)).isCloseTo(29, within(1e-12));
        assertThat(UnitLevel.percentile(new double[] {7}, 50)).isEqualTo(7);
    }

    @Test
    void cappedMeanMatchesNumpyAndScipy() {
        JsonNode ref = reference.get("cap");
        UnitLevel.Capped capped = UnitLevel.cap(revenue, ref.get("percentile").asDouble());
        assertThat(capped.value()).isCloseTo(ref.get("cap").asDouble(), within(1e-9));
        assertThat(capped.cappedUnits()).isEqualTo(ref.get("cappedUnits").asLong());
        Comparison c = compare(UnitLevel.arms(List.of("C", "T1"), arm, capped.values(), null, null, MetricType.MEAN),
                MetricType.MEAN);
        assertWelch(c, ref);
    }

    @Test
    void cupedMatchesDengEtAl2013() {
        JsonNode ref = reference.get("cuped");
        Comparison c = compare(UnitLevel.arms(List.of("C", "T1"), arm, revenue, null, pre, MetricType.MEAN), MetricType.MEAN);
        assertThat(c.theta()).isCloseTo(ref.get("theta").asDouble(), within(1e-9));
        assertThat(c.varianceReduction()).isCloseTo(ref.get("varianceReduction").asDouble(), within(1e-9));
        assertThat(c.varianceReduction()).isGreaterThan(0.2);
        assertWelch(c, ref);
    }

    @Test
    void ratioMatchesTheDeltaMethodOfDengEtAl2018() {
        JsonNode ref = reference.get("ratio");
        Comparison c = compare(UnitLevel.arms(List.of("C", "T1"), arm, items, exposures, null, MetricType.RATIO),
                MetricType.RATIO);
        assertThat(c.controlMean()).isCloseTo(ref.get("controlMean").asDouble(), within(1e-12));
        assertThat(c.treatmentMean()).isCloseTo(ref.get("treatmentMean").asDouble(), within(1e-12));
        assertWelch(c, ref);
    }

    @Test
    void armsRefuseAUnitOutsideTheArms() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnitLevel.arms(List.of("C", "T1"), new int[] {2},
                new double[] {1}, null, null, MetricType.MEAN)).hasMessageContaining("arm 2");
    }

    private static Comparison compare(List<Arm> arms, MetricType type) {
        return Analyzer.compare(ComparisonRequest.of(type, TestType.FREQUENTIST, 0.05, Correction.HOLM, arms))
                .comparisons().get(0);
    }

    private static void assertWelch(Comparison c, JsonNode ref) {
        double lift = ref.get("absoluteLift").asDouble();
        assertThat(c.absoluteLift()).isCloseTo(lift, within(1e-9));
        assertThat(c.absoluteCi().get(0)).isCloseTo(ref.at("/absoluteCi/0").asDouble(), within(1e-6));
        assertThat(c.absoluteCi().get(1)).isCloseTo(ref.at("/absoluteCi/1").asDouble(), within(1e-6));
        assertThat(c.pValue()).isCloseTo(ref.get("pValue").asDouble(), within(1e-6));
    }
}
