package dev.overlap.papers;

import java.util.List;

/**
 * A figure to render as {@code name.png}: line or marker series on linear or logarithmic axes.
 *
 * @param name   file stem
 * @param title  title
 * @param xLabel x-axis label
 * @param yLabel y-axis label
 * @param logX   logarithmic x axis
 * @param logY   logarithmic y axis
 * @param series the series
 */
public record Figure(String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
        List<Series> series) {

    public Figure {
        series = List.copyOf(series);
    }

    /**
     * @param label   legend entry
     * @param x       abscissae
     * @param y       ordinates
     * @param error   half-width of an error band (null for none)
     * @param style   how to draw it
     */
    public record Series(String label, double[] x, double[] y, double[] error, Style style) {
    }

    /** Line, dashed line, markers only, or a line through markers. */
    public enum Style {
        LINE, DASHED, MARKERS, LINE_MARKERS
    }
}
