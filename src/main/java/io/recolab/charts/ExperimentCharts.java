package io.recolab.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickMarkPosition;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimePeriodAnchor;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The experiment charts of the results page, drawn by jfreechart from the daily rollups
 * ({@link ChartSeries}): {@code cumulative} (running rate or mean per treatment), {@code lift}
 * (relative lift over the control with its interval as a band) and {@code exposures} (newly
 * exposed units per treatment and day). A PNG of {@link #WIDTH} x {@link #HEIGHT} logical pixels
 * times {@code scale}, so that a 2x screen gets a sharp image.
 */
public final class ExperimentCharts {
    public static final List<String> NAMES = List.of("cumulative", "lift", "exposures");
    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;
    public static final int MAX_SCALE = 3;
    // Colour-blind-safe (Okabe-Ito), dark enough against white for thin lines.
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    static {
        // The server draws without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private ExperimentCharts() {
    }

    /** @throws IllegalArgumentException for an unknown name or a scale outside 1..{@link #MAX_SCALE} */
    public static byte[] png(String name, ChartSeries series, int scale) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 1, 2 or 3, got " + scale);
        }
        JFreeChart chart = chart(name, series);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ChartUtils.writeScaledChartAsPNG(out, chart, WIDTH, HEIGHT, scale, scale);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + name + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The same chart as an SVG document ({@code <svg>} element only when {@code standalone} is
     * false, for inlining in HTML): jfreechart draws into JFreeSVG's Graphics2D, so PNG and SVG
     * come from one drawing code. Text is escaped by JFreeSVG.
     */
    public static String svg(String name, ChartSeries series, boolean standalone) {
        return Svg.draw(chart(name, series), WIDTH, HEIGHT, standalone);
    }

    /** @throws IllegalArgumentException for an unknown name */
    static JFreeChart chart(String name, ChartSeries series) {
        JFreeChart chart = switch (name) {
            case "cumulative" -> cumulative(series);
            case "lift" -> lift(series);
            case "exposures" -> exposures(series);
            default -> throw new IllegalArgumentException("no chart '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
        if (series.dates().isEmpty()) {
            chart.addSubtitle(new TextTitle("no exposures yet", SUBTITLE));
        }
        return chart;
    }

    static JFreeChart cumulative(ChartSeries s) {
        TimeSeriesCollection data = days();
        for (Map.Entry<String, List<ChartSeries.Point>> e : s.treatments().entrySet()) {
            TimeSeries line = new TimeSeries(label(s, e.getKey()));
            for (ChartSeries.Point p : e.getValue()) {
                if (p.units() > 0) {
                    line.add(day(p.date()), p.mean());
                }
            }
            data.addSeries(line);
        }
        NumberAxis y = new NumberAxis(s.binomial() ? "conversion rate (cumulative)" : "mean per unit (cumulative)");
        y.setAutoRangeIncludesZero(false);
        if (s.binomial()) {
            y.setNumberFormatOverride(new DecimalFormat("0.0#%"));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        style(renderer, s.treatments().size());
        XYPlot plot = new XYPlot(data, dateAxis(s), y, renderer);
        return chart("Cumulative " + s.report().metric() + " per treatment", plot, s);
    }

    static JFreeChart lift(ChartSeries s) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<ChartSeries.LiftPoint>> e : s.lifts().entrySet()) {
            YIntervalSeries band = new YIntervalSeries(e.getKey() + " vs " + control(s));
            for (ChartSeries.LiftPoint p : e.getValue()) {
                double x = p.date().atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant().toEpochMilli(); // mid-day, as the other charts
                // An open interval end (undefined) draws as the estimate: no band rather than a wrong one.
                band.add(x, p.lift(), p.low() == null ? p.lift() : p.low(), p.high() == null ? p.lift() : p.high());
            }
            data.addSeries(band);
        }
        NumberAxis y = new NumberAxis("relative lift over the control (" + intervalName(s) + ")");
        y.setNumberFormatOverride(new DecimalFormat("+0.#%;-0.#%"));
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        style(renderer, data.getSeriesCount() + 1);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            // Series 0 of the lifts is treatment 1: keep each treatment's colour across charts.
            Color c = PALETTE[(i + 1) % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
        }
        renderer.setAlpha(1f);
        XYPlot plot = new XYPlot(data, dateAxis(s), y, renderer);
        ValueMarker zero = new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1.2f));
        plot.addRangeMarker(zero);
        return chart("Relative lift over time", plot, s);
    }

    static JFreeChart exposures(ChartSeries s) {
        TimeSeriesCollection data = days();
        for (Map.Entry<String, List<ChartSeries.Point>> e : s.treatments().entrySet()) {
            TimeSeries bars = new TimeSeries(label(s, e.getKey()));
            for (ChartSeries.Point p : e.getValue()) {
                bars.add(day(p.date()), p.dailyUnits());
            }
            data.addSeries(bars);
        }
        NumberAxis y = new NumberAxis("newly exposed units per day");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ClusteredXYBarRenderer renderer = new ClusteredXYBarRenderer(0.15, false);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (int i = 0; i < s.treatments().size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, dateAxis(s), y, renderer);
        return chart("Daily exposures per treatment", plot, s);
    }

    private static JFreeChart chart(String title, XYPlot plot, ChartSeries s) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.addSubtitle(new TextTitle(s.report().experiment() + " · metric " + s.report().metric() + " · "
                + s.report().test() + " test, alpha " + s.report().alpha(), SUBTITLE));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    private static void style(XYLineAndShapeRenderer renderer, int series) {
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
    }

    /** Whole days only (the rollups are daily), at most about ten labels. */
    private static DateAxis dateAxis(ChartSeries s) {
        DateAxis x = new DateAxis("day (UTC)");
        x.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        SimpleDateFormat format = new SimpleDateFormat("MMM d", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        int days = Math.max(1, s.dates().size() == 0 ? 1
                : (int) (s.dates().get(s.dates().size() - 1).toEpochDay() - s.dates().get(0).toEpochDay()) + 1);
        x.setTickUnit(new DateTickUnit(DateTickUnitType.DAY, Math.max(1, (days + 9) / 10), format));
        x.setTickMarkPosition(DateTickMarkPosition.MIDDLE); // a day's label under its mid-day points and bars
        x.setLowerMargin(0.03);
        x.setUpperMargin(0.03);
        return x;
    }

    /** Values drawn in the middle of their UTC day, so a day's bars sit between its midnight ticks. */
    private static TimeSeriesCollection days() {
        TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone(ZoneOffset.UTC));
        data.setXPosition(TimePeriodAnchor.MIDDLE);
        return data;
    }

    private static Day day(LocalDate d) {
        return new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear());
    }

    private static String control(ChartSeries s) {
        return s.treatments().keySet().stream().findFirst().orElse("control");
    }

    private static String label(ChartSeries s, String treatment) {
        return s.report().treatments().stream().filter(t -> t.name().equals(treatment)).findFirst()
                .map(t -> t.name() + " (" + t.recommender() + ")").orElse(treatment);
    }

    private static String intervalName(ChartSeries s) {
        return switch (s.report().test()) {
            case "sequential" -> "band: confidence sequence";
            case "bayesian" -> "band: credible interval";
            default -> "band: confidence interval";
        };
    }
}
