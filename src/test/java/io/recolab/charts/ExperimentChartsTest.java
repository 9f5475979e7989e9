package io.recolab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.recolab.analysis.DailyRow;
import io.recolab.analysis.ResultsReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The charts from daily rollups: series values, and every chart a valid PNG of the promised size. */
class ExperimentChartsTest {
    private static final LocalDate DAY1 = LocalDate.of(2026, 1, 5);

    /** Control converts 10%, T1 20%, 100 units per arm and day over three days; T1 has no units on day 2. */
    static ResultsReport report() {
        List<DailyRow> daily = new ArrayList<>();
        long[] cu = new long[2];
        long[] cc = new long[2];
        for (int d = 0; d < 3; d++) {
            for (int t = 0; t < 2; t++) {
                if (t == 1 && d == 1) {
                    continue;
                }
                long conv = t == 0 ? 10 : 20;
                cu[t] += 100;
                cc[t] += conv;
                daily.add(new DailyRow(DAY1.plusDays(d), t == 0 ? "C" : "T1", 100, conv, conv, conv, cu[t], cc[t], cc[t],
                        cc[t], (double) cc[t] / cu[t]));
            }
        }
        List<ResultsReport.TreatmentResult> treatments = List.of(
                new ResultsReport.TreatmentResult("C", "bestseller", 50, 300, 30, 30, 30, 0.1),
                new ResultsReport.TreatmentResult("T1", "item-to-item", 50, 200, 40, 40, 40, 0.2));
        return new ResultsReport("exp", "purchase", "binomial", 14, "running", "frequentist", "holm", 0.05, treatments,
                List.of(), new ResultsReport.Srm(0.5, false, 0.4, null), daily);
    }

    @Test
    void seriesCarryRunningTotalsOverDaysWithoutUnits() {
        ChartSeries s = new ChartSeries(report());
        assertThat(s.dates()).containsExactly(DAY1, DAY1.plusDays(1), DAY1.plusDays(2));
        List<ChartSeries.Point> t1 = s.treatments().get("T1");
        assertThat(t1).extracting(ChartSeries.Point::dailyUnits).containsExactly(100L, 0L, 100L);
        assertThat(t1).extracting(ChartSeries.Point::units).containsExactly(100L, 100L, 200L);
        assertThat(t1.get(2).mean()).isCloseTo(0.2, within(1e-12));
        assertThat(s.treatments().keySet()).containsExactly("C", "T1");
    }

    @Test
    void liftPointsComeFromTheEngineOnEachDaysTotals() {
        List<ChartSeries.LiftPoint> lift = new ChartSeries(report()).lifts().get("T1");
        assertThat(lift).hasSize(3);
        ChartSeries.LiftPoint last = lift.get(2);
        // 40/200 over 30/300: relative lift 1.0, its interval around it.
        assertThat(last.lift()).isCloseTo(1.0, within(1e-9));
        assertThat(last.low()).isLessThan(1.0);
        assertThat(last.high()).isGreaterThan(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cumulative", "lift", "exposures"})
    void everyChartIsAPngOfTheRequestedScale(String name) throws IOException {
        for (int scale : new int[] {1, 2}) {
            byte[] png = ExperimentCharts.png(name, new ChartSeries(report()), scale);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(ExperimentCharts.WIDTH * scale);
            assertThat(image.getHeight()).isEqualTo(ExperimentCharts.HEIGHT * scale);
            assertThat(png.length).isBetween(5_000, 400_000);
        }
    }

    @Test
    void anExperimentWithoutDataStillDraws() throws IOException {
        ResultsReport r = report();
        ResultsReport empty = new ResultsReport(r.experiment(), r.metric(), r.metricType(), r.windowDays(), r.status(),
                r.test(), r.correction(), r.alpha(), r.treatments(), List.of(), r.srm(), List.of());
        for (String name : ExperimentCharts.NAMES) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(ExperimentCharts.png(name, new ChartSeries(empty), 1)));
            assertThat(image.getWidth()).isEqualTo(ExperimentCharts.WIDTH);
        }
    }

    @Test
    void rejectsUnknownNamesAndScales() {
        ChartSeries s = new ChartSeries(report());
        assertThatThrownBy(() -> ExperimentCharts.png("pie", s, 1)).hasMessageContaining("known: cumulative, lift, exposures");
        assertThatThrownBy(() -> ExperimentCharts.png("lift", s, 4)).hasMessageContaining("scale must be 1, 2 or 3");
    }
}
