package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.json.Json;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Invariants that must hold for any data (jqwik, 200 tries each, fixed seeds for repeatability). */
class StatsPropertiesTest {

    /** Arms built from a mean and a standard deviation, so the sums are always consistent. */
    @Provide
    Arbitrary<SufficientStats> arms() {
        return Combinators.combine(Arbitraries.longs().between(2, 1_000_000),
                        Arbitraries.doubles().between(-100, 100).ofScale(6), Arbitraries.doubles().between(0.001, 50).ofScale(6))
                .as((n, mean, sd) -> new SufficientStats(n, n * mean, (n - 1) * sd * sd + n * mean * mean));
    }

    @Provide
    Arbitrary<TestType> tests() {
        return Arbitraries.of(TestType.class);
    }

    private static ComparisonRequest request(TestType test, Difference difference, Correction correction,
                                             SufficientStats control, List<SufficientStats> treatments) {
        List<Arm> arms = new java.util.ArrayList<>();
        for (int i = 0; i < treatments.size(); i++) {
            SufficientStats s = treatments.get(i);
            arms.add(Arm.of("T" + (i + 1), s.n(), s.sum(), s.sumSquares()));
        }
        return new ComparisonRequest(MetricType.MEAN, difference, test, Alternative.TWO_SIDED, 0.05, 5000, correction,
                null, Arm.of("C", control.n(), control.sum(), control.sumSquares()), arms);
    }

    @Property(tries = 200, seed = "11")
    void swappingArmsFlipsTheAbsoluteLift(@ForAll("arms") SufficientStats a, @ForAll("arms") SufficientStats b,
                                          @ForAll("tests") TestType test) {
        Comparison ab = Analyzer.compare(request(test, Difference.ABSOLUTE, Correction.NONE, a, List.of(b)))
                .comparisons().get(0);
        Comparison ba = Analyzer.compare(request(test, Difference.ABSOLUTE, Correction.NONE, b, List.of(a)))
                .comparisons().get(0);
        double scale = 1e-9 * (1 + Math.abs(ab.lift()));
        assertThat(ba.lift()).isCloseTo(-ab.lift(), org.assertj.core.api.Assertions.within(scale));
        assertThat(ba.ci().get(0)).isCloseTo(-ab.ci().get(1), org.assertj.core.api.Assertions.within(scale + 1e-9 * ab.standardError()));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ba.chanceToWin()).isCloseTo(1 - ab.chanceToWin(), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Property(tries = 200, seed = "12")
    void intervalsContainThePointEstimate(@ForAll("arms") SufficientStats a, @ForAll("arms") SufficientStats b,
                                          @ForAll("tests") TestType test, @ForAll Difference difference,
                                          @ForAll Correction correction) {
        for (Comparison c : Analyzer.compare(request(test, difference, correction, a, List.of(b, a))).comparisons()) {
            if (c.ci() == null) { // e.g. a relative lift over a control mean of 0
                assertThat(c.message()).isNotBlank();
                continue;
            }
            assertThat(c.ci().get(0)).isLessThanOrEqualTo(c.lift());
            assertThat(c.ci().get(1)).isGreaterThanOrEqualTo(c.lift());
            assertThat(c.absoluteCi().get(0)).isLessThanOrEqualTo(c.absoluteLift());
            assertThat(c.absoluteCi().get(1)).isGreaterThanOrEqualTo(c.absoluteLift());
            if (c.relativeCi() != null) {
                assertThat(c.relativeCi().get(0)).isLessThanOrEqualTo(c.relativeLift());
                assertThat(c.relativeCi().get(1)).isGreaterThanOrEqualTo(c.relativeLift());
            }
            assertThat(c.pValue()).isBetween(0.0, 1.0);
            assertThat(c.chanceToWin()).isBetween(0.0, 1.0);
        }
    }

    @Property(tries = 200, seed = "13")
    void adjustedPValuesAreMonotoneAtLeastRawAndCapped(
            @ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = 0, max = 1) Double> raw,
            @ForAll Correction correction) {
        double[] p = raw.stream().mapToDouble(Double::doubleValue).toArray();
        double[] adjusted = MultipleTesting.adjust(correction, p);
        for (int i = 0; i < p.length; i++) {
            assertThat(adjusted[i]).isBetween(p[i], 1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] <= p[j]) {
                    assertThat(adjusted[i]).isLessThanOrEqualTo(adjusted[j]);
                }
            }
        }
    }

    @Property(tries = 200, seed = "14")
    void significanceAgreesWithTheIntervalUnderBhAndNone(@ForAll("arms") SufficientStats a,
                                                         @ForAll("arms") SufficientStats b,
                                                         @ForAll("arms") SufficientStats c,
                                                         @ForAll("tests") TestType test) {
        // BH with the Benjamini-Yekutieli alpha R/m, and no correction, are exactly compatible with
        // their intervals; Holm's Bonferroni intervals are only conservative (see MultipleTesting).
        for (Correction correction : List.of(Correction.BH, Correction.NONE)) {
            for (Comparison x : Analyzer.compare(request(test, Difference.RELATIVE, correction, a, List.of(b, c)))
                    .comparisons()) {
                if (x.ci() == null) {
                    continue;
                }
                boolean excludesZero = x.ci().get(0) > 0 || x.ci().get(1) < 0;
                boolean borderline = Math.abs(x.adjustedPValue() - 0.05) < 1e-6
                        || Math.min(Math.abs(x.ci().get(0)), Math.abs(x.ci().get(1))) < 1e-9;
                if (!borderline) {
                    assertThat(x.significant()).as("%s %s", correction, x).isEqualTo(excludesZero);
                }
            }
        }
    }

    @Property(tries = 300, seed = "15")
    void neverNaNOrInfinityInJson(@ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 5) long na,
                                  @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 5) long nb,
                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int ca,
                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int cb,
                                  @ForAll("tests") TestType test, @ForAll Difference difference) {
        // Tiny binomial arms hit every guard: n <= 1, zero variance, zero control mean.
        Arm control = Arm.of("C", na, Math.min(ca, na), Math.min(ca, na));
        Arm treatment = Arm.of("T", nb, Math.min(cb, nb), Math.min(cb, nb));
        ComparisonRequest r = new ComparisonRequest(MetricType.BINOMIAL, difference, test, Alternative.TWO_SIDED,
                0.05, 5000, Correction.HOLM, null, control, List.of(treatment));
        Comparison c = Analyzer.compare(r).comparisons().get(0);
        String json = Json.write(c);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        if (c.pValue() == null) {
            assertThat(c.message()).isNotBlank();
        }
    }
}
