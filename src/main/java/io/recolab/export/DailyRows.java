package io.recolab.export;

import io.recolab.analysis.DailyRow;
import io.recolab.analysis.ResultsReport;
import io.recolab.charts.ChartSeries;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per day, treatment and metric (every treatment on every day that has data): the units first exposed that day and their sufficient statistics,
 * the running totals, and the relative lift over the control with its interval as known at the end
 * of that day (the lift chart's points, from the same statistics engine; empty for the control and
 * on days without a defined lift).
 */
public final class DailyRows {
    public static final List<String> COLUMNS = List.of("experiment", "metric", "date", "treatment", "units",
            "conversions", "sum", "sum_squares", "cumulative_units", "cumulative_conversions", "cumulative_sum",
            "cumulative_sum_squares", "cumulative_mean", "cumulative_relative_lift", "cumulative_relative_ci_low",
            "cumulative_relative_ci_high");

    private DailyRows() {
    }

    /** @return the number of rows written */
    public static long write(ResultsReport r, DateRange range, Rows rows) throws IOException {
        long written = 0;
        ChartSeries series = new ChartSeries(r);
        Map<String, Map<LocalDate, ChartSeries.LiftPoint>> lifts = new HashMap<>();
        series.lifts().forEach((treatment, points) -> {
            Map<LocalDate, ChartSeries.LiftPoint> byDay = new HashMap<>();
            points.forEach(p -> byDay.put(p.date(), p));
            lifts.put(treatment, byDay);
        });
        Map<String, Map<LocalDate, DailyRow>> byTreatment = new HashMap<>();
        r.daily().forEach(d -> byTreatment.computeIfAbsent(d.treatment(), t -> new HashMap<>()).put(d.date(), d));
        // A full panel: every treatment on every day with data, a day without new units carrying the
        // running totals, so each day's row holds the lift as known at its end.
        Map<String, DailyRow> last = new HashMap<>();
        for (LocalDate day : series.dates()) {
            for (ResultsReport.TreatmentResult t : r.treatments()) {
                DailyRow d = byTreatment.getOrDefault(t.name(), Map.of()).get(day);
                DailyRow before = last.get(t.name());
                if (d == null) {
                    d = before == null ? new DailyRow(day, t.name(), 0, 0, 0, 0, 0, 0, 0, 0, 0)
                            : new DailyRow(day, t.name(), 0, 0, 0, 0, before.cumulativeUnits(), before.cumulativeConversions(),
                            before.cumulativeSum(), before.cumulativeSumSquares(), before.cumulativeMean());
                }
                last.put(t.name(), d);
                if (!range.contains(day)) {
                    continue;
                }
                ChartSeries.LiftPoint lift = lifts.getOrDefault(t.name(), Map.of()).get(day);
                rows.row(r.experiment(), r.metric(), day.toString(), t.name(), d.units(), d.conversions(), d.sum(),
                        d.sumSquares(), d.cumulativeUnits(), d.cumulativeConversions(), d.cumulativeSum(),
                        d.cumulativeSumSquares(), d.cumulativeMean(), lift == null ? null : lift.lift(),
                        lift == null ? null : lift.low(), lift == null ? null : lift.high());
                written++;
            }
        }
        return written;
    }
}
