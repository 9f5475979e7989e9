package io.recolab.eval;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code hit-rate.png}: hit@k per recommender as bars with 95% bootstrap interval whiskers and the value on top. */
public final class HitRateChart {
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    private HitRateChart() {
    }

    public static void write(List<EvaluationResult> results, int k, String subtitle, Path png) {
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart(results, k, subtitle), WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /** The same chart as an {@code <svg>} element, for the self-contained HTML report. */
    public static String svg(List<EvaluationResult> results, int k, String subtitle) {
        return io.recolab.charts.Svg.draw(chart(results, k, subtitle), WIDTH, HEIGHT, false);
    }

    static JFreeChart chart(List<EvaluationResult> results, int k, String subtitle) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        double top = 0;
        for (EvaluationResult r : results) {
            dataset.addValue(r.hitAtK(), "hit@" + k, r.recommender());
            top = Math.max(top, r.hitCiHigh());
        }
        CategoryAxis names = new CategoryAxis("recommender");
        names.setMaximumCategoryLabelLines(2);
        names.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (results.size() > 6) {
            names.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis rate = new NumberAxis("hit@" + k + " (share of evaluated customer-cutoff pairs)");
        rate.setRange(0, Math.max(0.05, top * 1.15));
        WhiskerBarRenderer renderer = new WhiskerBarRenderer(results);
        CategoryPlot plot = new CategoryPlot(dataset, names, rate, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        JFreeChart chart = new JFreeChart("hit@" + k + " per recommender with 95% bootstrap intervals",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Bars plus a whisker from the interval's low to its high end, with caps, and the value above it. */
    private static final class WhiskerBarRenderer extends BarRenderer {
        private final transient List<EvaluationResult> results;

        WhiskerBarRenderer(List<EvaluationResult> results) {
            this.results = results;
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
            setSeriesPaint(0, new Color(0x4c78a8));
            setMaximumBarWidth(0.12);
            setDrawBarOutline(false);
        }

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                             CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column,
                             int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            EvaluationResult r = results.get(column);
            double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row, column)
                    + state.getBarWidth() / 2;
            double low = rangeAxis.valueToJava2D(r.hitCiLow(), dataArea, plot.getRangeAxisEdge());
            double high = rangeAxis.valueToJava2D(r.hitCiHigh(), dataArea, plot.getRangeAxisEdge());
            double cap = Math.max(4, state.getBarWidth() / 4);
            g2.setPaint(Color.BLACK);
            g2.setStroke(new BasicStroke(1.5f));
            g2.draw(new Line2D.Double(x, low, x, high));
            g2.draw(new Line2D.Double(x - cap, low, x + cap, low));
            g2.draw(new Line2D.Double(x - cap, high, x + cap, high));
            g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String label = String.format(Locale.ROOT, "%.3f", r.hitAtK());
            int width = g2.getFontMetrics().stringWidth(label);
            g2.drawString(label, (float) (x - width / 2.0), (float) (high - 5));
        }
    }
}
