package io.recolab.charts;

import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** A jfreechart chart drawn as SVG by JFreeSVG: a vector twin of the PNG, from the same chart object. */
public final class Svg {
    private Svg() {
    }

    /** @param standalone a whole document (with the XML declaration) for a file; false: the {@code <svg>} element to inline */
    public static String draw(JFreeChart chart, int width, int height, boolean standalone) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        return standalone ? g2.getSVGDocument() : g2.getSVGElement();
    }
}
