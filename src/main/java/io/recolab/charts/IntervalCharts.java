package io.recolab.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Interval charts ({@link EffectIntervals}) drawn by jfreechart: one horizontal row per effect, its
 * estimate as a dot and its interval as a bar, zero marked, as PNG or as SVG from the same chart
 * object. Rows stack from the top in report order; the height grows with the rows (a forest plot of
 * many slices stays readable), the width is {@link ExperimentCharts#WIDTH}.
 */
public final class IntervalCharts {
    static final int ROW_HEIGHT = 30;
    private static final Color[] PALETTE = {new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x0072B2)};
    private static final Color FLAGGED = new Color(0xB00020);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private IntervalCharts() {
    }

    /** Logical height in pixels: room for the titles, the legend, the axis and every row. */
    public static int height(EffectIntervals data) {
        return Math.max(ExperimentCharts.HEIGHT / 2 + 40, 170 + ROW_HEIGHT * data.rows().size());
    }

    public static byte[] png(EffectIntervals data, int scale) {
        if (scale < 1 || scale > ExperimentCharts.MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 1, 2 or 3, got " + scale);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ChartUtils.writeScaledChartAsPNG(out, chart(data), ExperimentCharts.WIDTH, height(data), scale, scale);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public static String svg(EffectIntervals data, boolean standalone) {
        return Svg.draw(chart(data), ExperimentCharts.WIDTH, height(data), standalone);
    }

    static JFreeChart chart(EffectIntervals data) {
        List<EffectIntervals.Row> rows = data.rows();
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        for (String name : data.series()) {
            YIntervalSeries s = new YIntervalSeries(name, false, true);
            for (int i = 0; i < rows.size(); i++) {
                EffectIntervals.Row row = rows.get(i);
                if (row.series().equals(name) && row.estimate() != null && Double.isFinite(row.estimate())) {
                    double e = row.estimate();
                    // An open end (one-sided or undefined) draws as the estimate: no bar rather than a wrong one.
                    s.add(i, e, row.low() == null ? e : row.low(), row.high() == null ? e : row.high());
                }
            }
            dataset.addSeries(s);
        }
        String[] labels = rows.stream().map(r -> r.label() + (r.estimate() == null ? " (no comparison)" : ""))
                .toArray(String[]::new);
        SymbolAxis y = new SymbolAxis(null, labels.length == 0 ? new String[] {""} : labels);
        y.setInverted(true); // the first row on top
        y.setGridBandsVisible(false);
        y.setRange(-0.6, Math.max(0, labels.length - 1) + 0.6);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        NumberAxis x = new NumberAxis(data.axis());
        x.setNumberFormatOverride(new DecimalFormat("+0.#%;-0.#%"));
        x.setAutoRangeIncludesZero(true);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(3f));
        renderer.setCapLength(8);
        for (int i = 0; i < data.series().size(); i++) {
            renderer.setSeriesPaint(i, colour(data, i));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        XYPlot plot = new XYPlot(dataset, y, x, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xeeeeee));
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        plot.setOutlineVisible(false);
        plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1.2f)));
        JFreeChart chart = new JFreeChart(data.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.addSubtitle(new TextTitle(data.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        if (data.note() != null) {
            TextTitle note = new TextTitle(data.note(), new Font(Font.SANS_SERIF, Font.ITALIC, 11));
            note.setPaint(rows.stream().anyMatch(EffectIntervals.Row::srmMismatch) ? FLAGGED : Color.DARK_GRAY);
            chart.addSubtitle(note);
        }
        if (rows.isEmpty()) {
            chart.addSubtitle(new TextTitle("no comparison yet", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** Treatments keep the colour the time charts give them (the control, first there, has no row here). */
    private static Color colour(EffectIntervals data, int series) {
        String name = data.series().get(series);
        if (name.startsWith("plain")) {
            return Color.GRAY;
        }
        return PALETTE[series % PALETTE.length];
    }
}
