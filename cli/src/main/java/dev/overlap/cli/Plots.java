package dev.overlap.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.overlap.ode.Events;
import dev.overlap.ode.Trajectory;

/** PNG plots (XChart, headless). */
final class Plots {

    private Plots() {
    }

    private static String title(Trajectory t) {
        dev.overlap.model.ModelSpec s = t.spec();
        return String.format(Locale.ROOT, "ε_g(α): p = %d, p* = %d, %s, %s, η = %s (η̃ = %s), Δ = %s, η² term %s, init %s",
                s.p(), s.pstar(), s.activation().name(), s.normalisation().flag(),
                dev.overlap.model.ModelSpec.compact(s.eta()), dev.overlap.model.ModelSpec.compact(s.etaPerWidth()),
                dev.overlap.model.ModelSpec.compact(s.noise()), s.eta2() ? "on" : "off", s.init().kind());
    }

    /**
     * ε_g(α) on log-log axes (log-linear for a linear grid), with the plateau level dashed, the α interval on the
     * plateau shaded (only when the run entered it), the plateau entry, the escape and a divergence marked. Rows
     * with α = 0 are dropped on a log axis; a run that diverged before two rows with α &gt; 0 is drawn on a linear
     * α axis from α = 0, so that its plot shows where it started and where it diverged.
     */
    static byte[] learningCurve(Trajectory t, boolean logAlpha) {
        try {
            return ChartPng.bytes(learningCurveChart(t, logAlpha));
        } catch (IOException e2) {
            throw new UserError("cannot render the plot: " + e2.getMessage(), e2);
        }
    }

    /** The rows (α, ε_g) drawn: finite ε_g &gt; 0, and α &gt; 0 on a log axis. */
    private static List<double[]> drawnRows(Trajectory t, boolean logAlpha) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            double a = t.alphas()[i];
            double e = t.epsG()[i];
            if ((logAlpha && a <= 0) || !(e > 0) || !Double.isFinite(e)) {
                continue;
            }
            rows.add(new double[] {a, e});
        }
        return rows;
    }

    /** The chart of {@link #learningCurve}, before rendering. */
    static XYChart learningCurveChart(Trajectory t, boolean logAlpha) {
        System.setProperty("java.awt.headless", "true");
        Events e = t.events();
        List<double[]> rows = drawnRows(t, logAlpha);
        if (rows.size() < 2 && logAlpha && e.divergence() != null) {
            logAlpha = false;
            rows = drawnRows(t, false);
        }
        if (rows.isEmpty() || (rows.size() < 2 && e.divergence() == null)) {
            throw new UserError("nothing to plot: fewer than two rows with α > 0 and ε_g > 0");
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] r : rows) {
            x.add(r[0]);
            y.add(r[1]);
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title(title(t))
                .xAxisTitle("α = steps / N").yAxisTitle("ε_g").build();
        ChartStyle.base(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(logAlpha);
        double xMin = x.get(0);
        double xMax = x.get(x.size() - 1);
        if (e.divergence() != null && !logAlpha) {
            xMax = Math.max(xMax, e.divergence().alpha());
        }
        if (!(xMax > xMin)) {
            // one row: an invisible point gives the α axis a width
            xMax = xMin + (e.divergence() != null && e.divergence().alpha() > xMin ? 1.25 * e.divergence().alpha() : 1);
            XYSeries span = chart.addSeries("\u200b\u200b", new double[] {xMax}, new double[] {y.get(0)});
            span.setMarker(SeriesMarkers.NONE);
            span.setShowInLegend(false);
            span.setLineColor(new Color(0, 0, 0, 0));
        }
        double yLo = y.stream().mapToDouble(Double::doubleValue).min().orElse(1e-3);
        double yHi = y.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (e.plateau() != null) {
            addPlateau(chart, e, x, y, xMax, logAlpha);
        }
        if (e.divergence() != null && (!logAlpha || e.divergence().alpha() > 0)) {
            double a = e.divergence().alpha();
            XYSeries div = chart.addSeries("diverged at α = " + dev.overlap.model.ModelSpec.compact(a),
                    new double[] {a, a}, new double[] {Math.min(yLo, yHi / 1.5), Math.max(yHi, yLo * 1.5)});
            div.setMarker(SeriesMarkers.NONE);
            div.setLineColor(new Color(214, 39, 40));
            div.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 3f}, 0f));
        }
        XYSeries curve = chart.addSeries("ε_g(α) (ODE, N → ∞)", x, y);
        curve.setMarker(x.size() < 2 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        curve.setLineColor(new Color(31, 119, 180));
        curve.setMarkerColor(new Color(31, 119, 180));
        curve.setLineStyle(new BasicStroke(2f));
        ChartStyle.finish(chart, null);
        return chart;
    }

    /**
     * The plateau level (dashed, labelled inside the plot), the shaded α interval spent on the plateau and the
     * entry marker when the run entered it, and the escape marker.
     */
    private static void addPlateau(XYChart chart, Events e, List<Double> x, List<Double> y, double xMax,
            boolean logAlpha) {
        double xMin = x.get(0);
        double yLo = y.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double yHi = y.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double level = e.plateau().epsG();
        double tol = e.plateau().tolerance();
        Double in = e.plateau().alpha();
        Double out = e.plateau().alphaExit();
        boolean entered = in != null;
        if (entered) {
            double b0 = Math.max(in, xMin);
            double b1 = out != null && out > b0 ? Math.min(out, xMax) : xMax;
            XYSeries band = chart.addSeries(String.format(Locale.ROOT, "on the plateau (ε_g within %.0f%% of ε_g*)%s",
                    100 * tol, out != null ? String.format(Locale.ROOT, ": α = %.4g to %.4g", in, out)
                            : String.format(Locale.ROOT, ": from α = %.4g", in)),
                    new double[] {b0, b1, b1, b0}, new double[] {Math.max(level, yHi), Math.max(level, yHi),
                        Math.min(level, yLo), Math.min(level, yLo)});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(255, 187, 120, 90));
            band.setLineColor(new Color(255, 127, 14, 0));
            band.setMarker(SeriesMarkers.NONE);
        }
        XYSeries plateau = chart.addSeries(String.format(Locale.ROOT, "plateau ε_g* = %.4g%s", level,
                entered ? "" : String.format(Locale.ROOT, " (never within %.0f%% of it)", 100 * tol)),
                new double[] {xMin, xMax}, new double[] {level, level});
        plateau.setMarker(SeriesMarkers.NONE);
        plateau.setLineColor(Color.GRAY);
        plateau.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        double[] at = plateauLabel(e, x, y, logAlpha);
        double pixel = Math.log(at[1] / level) / LABEL_OFFSET_PIXELS;
        chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "ε_g* = %.4g", level), at[0], at[1], false));
        // an invisible point 6 pixels beyond the label's centre keeps it inside the y axis
        XYSeries room = chart.addSeries("\u200b\u200b\u200b", new double[] {at[0]},
                new double[] {at[1] * Math.exp(6 * pixel)});
        room.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        room.setMarker(SeriesMarkers.NONE);
        room.setShowInLegend(false);
        if (entered && in > 0) {
            XYSeries enteredAt = chart.addSeries(String.format(Locale.ROOT, "plateau entered, α = %.4g", in),
                    new double[] {in}, new double[] {level});
            enteredAt.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            enteredAt.setMarker(SeriesMarkers.DIAMOND);
            enteredAt.setMarkerColor(new Color(44, 160, 44));
        }
        if (e.escape() != null && e.escape().alpha() != null && e.escape().alpha() > 0) {
            double ea = e.escape().alpha();
            XYSeries esc = chart.addSeries(String.format(Locale.ROOT, "escape (ε_g = %.2g·ε_g*), α = %.4g",
                    e.escape().fraction(), ea),
                    new double[] {ea}, new double[] {e.escape().threshold()});
            esc.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            esc.setMarker(SeriesMarkers.CIRCLE);
            esc.setMarkerColor(new Color(214, 39, 40));
            AnnotationText label = new AnnotationText(String.format(Locale.ROOT, "escape, α = %.4g", ea),
                    shift(ea, unit(ea, xMin, xMax, logAlpha) > 0.2 ? -0.075 : 0.075, xMin, xMax, logAlpha),
                    e.escape().threshold() / 1.8, false);
            chart.addAnnotation(label);
        }
    }

    /** Half the width of the "ε_g* = …" label as a fraction of the α axis. */
    static final double LABEL_HALF_WIDTH = 0.07;
    /** Height of the plot area in pixels, the label's distance from the level line and from the curve, in pixels. */
    static final double PLOT_PIXELS = 440;
    static final double LABEL_OFFSET_PIXELS = 10;
    static final double LABEL_CLEARANCE_PIXELS = 9;

    /**
     * Where the "ε_g* = …" label is centred, as {α, ε_g}: {@link #LABEL_OFFSET_PIXELS} above the level line (else as
     * far below it), at the first of 9 % of the axis right of the plateau's exit (or entry, or the left end), the
     * middle, the right end and the left end (centre between 6 % and 88 % of the axis) where the curve stays
     * {@link #LABEL_CLEARANCE_PIXELS} away from the label's centre over its width; at the first candidate above the
     * level if none does. Pixels are estimated from the decades the curve and the level span (at least 0.05), widened
     * by 15 % for the axis' ends.
     */
    static double[] plateauLabel(Events e, List<Double> x, List<Double> y, boolean logAlpha) {
        double xMin = x.get(0);
        double xMax = x.get(x.size() - 1);
        double level = e.plateau().epsG();
        double lo = Math.min(level, y.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        double hi = Math.max(level, y.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        double decadesPerPixel = 1.15 * Math.max(0.05, Math.log10(hi / lo)) / PLOT_PIXELS;
        double offset = Math.pow(10, LABEL_OFFSET_PIXELS * decadesPerPixel);
        double clearance = LABEL_CLEARANCE_PIXELS * decadesPerPixel;
        Double in = e.plateau().alpha();
        Double out = e.plateau().alphaExit();
        double anchor = out != null ? out : in != null ? in : xMin;
        double[] candidates = {unit(Math.max(anchor, xMin), xMin, xMax, logAlpha) + 0.09, 0.5, 0.88, 0.06};
        for (int c = 0; c < candidates.length; c++) {
            candidates[c] = Math.min(0.88, Math.max(0.06, candidates[c]));
        }
        for (double labelY : new double[] {level * offset, level / offset}) {
            for (double u : candidates) {
                boolean clear = true;
                for (int i = 0; i < x.size() && clear; i++) {
                    double ui = unit(x.get(i), xMin, xMax, logAlpha);
                    clear = Math.abs(ui - u) > LABEL_HALF_WIDTH || Math.abs(Math.log10(y.get(i) / labelY)) > clearance;
                }
                if (clear) {
                    return new double[] {shift(xMin, u, xMin, xMax, logAlpha), labelY};
                }
            }
        }
        return new double[] {shift(xMin, candidates[0], xMin, xMax, logAlpha), level * offset};
    }

    /** Position of x in [0, 1] along [xMin, xMax]. */
    private static double unit(double x, double xMin, double xMax, boolean log) {
        return log ? Math.log(x / xMin) / Math.log(xMax / xMin) : (x - xMin) / (xMax - xMin);
    }

    /** x moved by the fraction f of the axis (to place a label beside a point). */
    private static double shift(double x, double f, double xMin, double xMax, boolean log) {
        return log ? x * Math.pow(xMax / xMin, f) : x + f * (xMax - xMin);
    }

    /** Renders a reproduction figure: lines, dashed lines, markers, with optional error bands (as bars). */
    static byte[] figure(dev.overlap.papers.Figure f) {
        try {
            return ChartPng.bytes(chart(f));
        } catch (IOException e) {
            throw new UserError("cannot render the plot: " + e.getMessage(), e);
        }
    }

    /** The figure as an image (for composing panels). */
    static java.awt.image.BufferedImage image(dev.overlap.papers.Figure f) {
        return BitmapEncoder.getBufferedImage(chart(f));
    }

    /** A chart as an image. */
    static java.awt.image.BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static XYChart chart(dev.overlap.papers.Figure f) {
        return chart(f, null, null);
    }

    /**
     * The chart of a figure; {@code yRange} (null: from the data) fixes the y limits, {@code legend} (null: the
     * free corner) the legend's place.
     */
    static XYChart chart(dev.overlap.papers.Figure f, double[] yRange,
            org.knowm.xchart.style.Styler.LegendPosition legend) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(f.title()).xAxisTitle(f.xLabel())
                .yAxisTitle(f.yLabel()).build();
        ChartStyle.base(chart);
        chart.getStyler().setXAxisLogarithmic(f.logX());
        chart.getStyler().setYAxisLogarithmic(f.logY());
        for (dev.overlap.papers.Figure.Series s : f.series()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                boolean ok = Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]) && (!f.logX() || s.x()[i] > 0)
                        && (!f.logY() || s.y()[i] > 0);
                if (ok) {
                    x.add(s.x()[i]);
                    y.add(s.y()[i]);
                    err.add(s.error() == null ? 0.0 : s.error()[i]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries series = s.error() == null ? chart.addSeries(s.label(), x, y) : chart.addSeries(s.label(), x, y, err);
            switch (s.style()) {
                case MARKERS:
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.CIRCLE);
                    break;
                case LINE_MARKERS:
                    series.setMarker(SeriesMarkers.CIRCLE);
                    series.setLineStyle(new BasicStroke(1.8f));
                    break;
                case DASHED:
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 4f}, 0f));
                    break;
                default:
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineStyle(new BasicStroke(1.8f));
            }
        }
        ChartStyle.finish(chart, legend);
        if (yRange != null) {
            chart.getStyler().setYAxisMin(yRange[0]);
            chart.getStyler().setYAxisMax(yRange[1]);
        }
        return chart;
    }
}
