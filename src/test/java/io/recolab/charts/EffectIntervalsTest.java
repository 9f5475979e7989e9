package io.recolab.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.analysis.ResultsReport;
import io.recolab.analysis.SliceReport;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.Comparison;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.SufficientStats;
import io.recolab.stats.TestType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The interval charts' data: every drawn interval is the report's own numbers (the engine's, here
 * computed on seeded data), a CUPED metric gets its plain interval beside the narrower adjusted one,
 * and a slice report becomes one row per slice and treatment with its sample-ratio flag.
 */
class EffectIntervalsTest {
    private static final List<ResultsReport.TreatmentResult> TREATMENTS = List.of(
            new ResultsReport.TreatmentResult("C", "bestseller", 50, 400, 0, 0, 0, 0),
            new ResultsReport.TreatmentResult("T1", "item-to-item", 50, 400, 0, 0, 0, 0),
            new ResultsReport.TreatmentResult("T2", "autoencoder", 50, 400, 0, 0, 0, 0));

    /** Three arms of 400 units, Y = 3 + X + noise with X a pre-exposure covariate; T1 +0.3, T2 +0.1. */
    private static List<Arm> cupedArms() {
        SplittableRandom r = new SplittableRandom(22);
        List<Arm> arms = new ArrayList<>();
        double[] shift = {0, 0.3, 0.1};
        for (int a = 0; a < 3; a++) {
            double y = 0, yy = 0, x = 0, xx = 0, xy = 0;
            for (int i = 0; i < 400; i++) {
                double pre = r.nextDouble() * 4;
                double v = 3 + shift[a] + pre + r.nextGaussian() * 0.8;
                y += v;
                yy += v * v;
                x += pre;
                xx += pre * pre;
                xy += pre * v;
            }
            arms.add(new Arm(TREATMENTS.get(a).name(), new SufficientStats(400, y, yy), new Arm.PrePeriod(x, xx, xy), null));
        }
        return arms;
    }

    private static List<Comparison> compare(List<Arm> arms) {
        return Analyzer.compare(ComparisonRequest.of(MetricType.MEAN, TestType.FREQUENTIST, 0.05, Correction.HOLM, arms))
                .comparisons();
    }

    private static ResultsReport.ComparisonView view(Comparison c) {
        return new ResultsReport.ComparisonView(c.treatment(), c.relativeLift(), c.relativeCi(), c.absoluteLift(),
                c.absoluteCi(), c.pValue(), c.adjustedPValue(), c.significant(), c.chanceToWin(), c.controlMean(),
                c.treatmentMean(), c.message());
    }

    private static ResultsReport report(List<Comparison> adjusted, ResultsReport.Cuped cuped) {
        return new ResultsReport("exp", "revenue", "mean", 14, "running", "frequentist", "holm", 0.05, TREATMENTS,
                adjusted.stream().map(EffectIntervalsTest::view).toList(), new ResultsReport.Srm(0.5, false, 0.4, null),
                List.of(), null, "primary", List.of(),
                new ResultsReport.MetricKind("mean", "units", null, null, List.of(), cuped), null);
    }

    @Test
    void eachTreatmentsIntervalIsTheReportsOwn() {
        List<Comparison> plain = compare(cupedArms().stream().map(a -> Arm.of(a.name(), a.stats().n(), a.stats().sum(),
                a.stats().sumSquares())).toList());
        ResultsReport r = report(plain, null);
        EffectIntervals data = EffectIntervals.of(r);
        assertThat(data.rows()).hasSize(2);
        assertThat(data.series()).containsExactly("T1", "T2");
        for (int i = 0; i < 2; i++) {
            EffectIntervals.Row row = data.rows().get(i);
            ResultsReport.ComparisonView c = r.comparisons().get(i);
            assertThat(row.label()).isEqualTo(c.treatment() + " vs C");
            assertThat(row.estimate()).isEqualTo(c.relativeLift());
            assertThat(row.low()).isEqualTo(c.relativeCi().get(0));
            assertThat(row.high()).isEqualTo(c.relativeCi().get(1));
            assertThat(row.low()).isLessThan(row.estimate());
            assertThat(row.high()).isGreaterThan(row.estimate());
        }
        assertThat(data.title()).isEqualTo("Effect on revenue (mean)");
    }

    @Test
    void cupedShowsThePlainIntervalBesideTheNarrowerAdjustedOne() throws Exception {
        List<Arm> arms = cupedArms();
        List<Comparison> adjusted = compare(arms);
        List<Comparison> plain = compare(arms.stream().map(a -> new Arm(a.name(), a.stats(), null, null)).toList());
        List<ResultsReport.Reduction> reductions = new ArrayList<>();
        for (int i = 0; i < adjusted.size(); i++) {
            Comparison c = adjusted.get(i);
            reductions.add(new ResultsReport.Reduction(c.treatment(), c.theta(), c.varianceReduction(),
                    plain.get(i).relativeLift(), plain.get(i).relativeCi()));
        }
        ResultsReport r = report(adjusted, new ResultsReport.Cuped("conversions", 14, 1200, reductions));
        EffectIntervals data = EffectIntervals.of(r);
        assertThat(data.series()).containsExactly("plain (unadjusted)", "CUPED-adjusted");
        assertThat(data.rows()).hasSize(4);
        for (int i = 0; i < 2; i++) {
            EffectIntervals.Row raw = data.rows().get(2 * i);
            EffectIntervals.Row cuped = data.rows().get(2 * i + 1);
            assertThat(raw.estimate()).isEqualTo(plain.get(i).relativeLift());
            assertThat(raw.low()).isEqualTo(plain.get(i).relativeCi().get(0));
            assertThat(raw.high()).isEqualTo(plain.get(i).relativeCi().get(1));
            assertThat(cuped.estimate()).isEqualTo(r.comparisons().get(i).relativeLift());
            assertThat(cuped.low()).isEqualTo(r.comparisons().get(i).relativeCi().get(0));
            assertThat(cuped.high()).isEqualTo(r.comparisons().get(i).relativeCi().get(1));
            // The covariate explains most of the spread: the variance reduction shows as a narrower bar.
            assertThat(adjusted.get(i).varianceReduction()).isGreaterThan(0.5);
            assertThat(cuped.high() - cuped.low()).isLessThan(0.8 * (raw.high() - raw.low()));
            assertThat(cuped.label()).startsWith(adjusted.get(i).treatment() + " vs C, CUPED (variance -");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(IntervalCharts.png(data, 2)));
        assertThat(image.getWidth()).isEqualTo(2 * ExperimentCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * IntervalCharts.height(data));
        assertThat(IntervalCharts.svg(data, false)).startsWith("<svg").contains("CUPED-adjusted").contains("T2 vs C, plain");
    }

    @Test
    void aSliceReportIsAForestPlotWithItsSampleRatioFlags() throws Exception {
        List<Comparison> mobile = Analyzer.compare(ComparisonRequest.of(MetricType.BINOMIAL, TestType.FREQUENTIST, 0.05,
                Correction.NONE, List.of(Arm.of("C", 200, 20, 20), Arm.of("T1", 200, 40, 40)))).comparisons();
        List<Comparison> tablet = Analyzer.compare(ComparisonRequest.of(MetricType.BINOMIAL, TestType.FREQUENTIST, 0.05,
                Correction.NONE, List.of(Arm.of("C", 60, 10, 10), Arm.of("T1", 10, 2, 2)))).comparisons();
        List<ResultsReport.TreatmentResult> two = TREATMENTS.subList(0, 2);
        SliceReport s = new SliceReport("exp", "purchase", "binomial", "device", "frequentist", "holm", 0.05, 2, List.of(
                new SliceReport.Slice("mobile", two, mobile.stream().map(EffectIntervalsTest::view).toList(),
                        new ResultsReport.Srm(1.0, false, 0.0, null)),
                new SliceReport.Slice("tablet", two, tablet.stream().map(EffectIntervalsTest::view).toList(),
                        new ResultsReport.Srm(1e-7, true, 35.7, null)),
                new SliceReport.Slice("(none)", two, List.of(new ResultsReport.ComparisonView("T1", null, null, null, null,
                        null, null, null, null, null, null, "no comparison in this slice")),
                        new ResultsReport.Srm(null, false, null, "too few units"))), null);
        EffectIntervals data = EffectIntervals.of(s);
        assertThat(data.rows()).extracting(EffectIntervals.Row::label)
                .containsExactly("mobile: T1 vs C", "tablet: T1 vs C [SRM]", "(none): T1 vs C");
        assertThat(data.rows()).extracting(EffectIntervals.Row::srmMismatch).containsExactly(false, true, false);
        EffectIntervals.Row m = data.rows().get(0);
        assertThat(m.estimate()).isEqualTo(mobile.get(0).relativeLift());
        assertThat(List.of(m.low(), m.high())).isEqualTo(mobile.get(0).relativeCi());
        EffectIntervals.Row t = data.rows().get(1);
        assertThat(List.of(t.low(), t.high())).isEqualTo(tablet.get(0).relativeCi());
        assertThat(data.rows().get(2).estimate()).isNull();
        assertThat(data.note()).contains("[SRM]");
        assertThat(IntervalCharts.svg(data, true)).contains("tablet: T1 vs C [SRM]").contains("(none): T1 vs C (no comparison)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(IntervalCharts.png(data, 1)));
        assertThat(image.getHeight()).isEqualTo(IntervalCharts.height(data));
    }
}
