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
     * ε_g(α) on log-log axes (log-linear for a linear grid), with the plateau level dashed, the plateau entry
     * and the escape marked. Rows with α = 0 are dropped on a log axis.
     */
    static byte[] learningCurve(Trajectory t, boolean logAlpha) {
        System.setProperty("java.awt.headless", "true");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            double a = t.alphas()[i];
            double e = t.epsG()[i];
            if ((logAlpha && a <= 0) || !(e > 0)) {
                continue;
            }
            x.add(a);
            y.add(e);
        }
        if (x.size() < 2) {
            throw new UserError("nothing to plot: fewer than two rows with α > 0 and ε_g > 0");
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title(title(t))
                .xAxisTitle("α = steps / N").yAxisTitle("ε_g").build();
        ChartStyle.base(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(logAlpha);
        double xMin = x.get(0);
        double xMax = x.get(x.size() - 1);
        Events e = t.events();
        if (e.plateau() != null) {
            double level = e.plateau().epsG();
            double tol = e.plateau().tolerance();
            Double in = e.plateau().alpha();
            Double out = e.plateau().alphaExit();
            double b0 = in != null && in > 0 ? Math.max(in, xMin) : xMin;
            double b1 = out != null && out > b0 ? Math.min(out, xMax) : xMax;
            double yLo = y.stream().mapToDouble(Double::doubleValue).min().orElse(level);
            double yHi = Math.max(level, y.stream().mapToDouble(Double::doubleValue).max().orElse(level));
            XYSeries band = chart.addSeries(String.format(Locale.ROOT, "plateau (ε_g within %.0f%% of ε_g*)%s",
                    100 * tol, in != null && out != null ? String.format(Locale.ROOT, ": α = %.4g to %.4g", in, out)
                            : ""),
                    new double[] {b0, b1, b1, b0}, new double[] {yHi, yHi, yLo, yLo});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(255, 187, 120, 90));
            band.setLineColor(new Color(255, 127, 14, 0));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries plateau = chart.addSeries(String.format(Locale.ROOT, "plateau ε_g* = %.4g", level),
                    new double[] {xMin, xMax}, new double[] {level, level});
            plateau.setMarker(SeriesMarkers.NONE);
            plateau.setLineColor(Color.GRAY);
            plateau.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "ε_g* = %.4g", level),
                    shift(b1, 0.09, xMin, xMax, logAlpha), level * 1.45, false));
            if (in != null && in > 0) {
                XYSeries entered = chart.addSeries(String.format(Locale.ROOT, "plateau entered, α = %.4g", in),
                        new double[] {in}, new double[] {level});
                entered.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                entered.setMarker(SeriesMarkers.DIAMOND);
                entered.setMarkerColor(new Color(44, 160, 44));
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
        if (e.divergence() != null && (!logAlpha || e.divergence().alpha() > 0)) {
            double a = e.divergence().alpha();
            double lo = y.stream().mapToDouble(Double::doubleValue).min().orElse(1e-3);
            double hi = y.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            XYSeries div = chart.addSeries(String.format(Locale.ROOT, "diverged at α = %.4g", a),
                    new double[] {a, a}, new double[] {lo, hi});
            div.setMarker(SeriesMarkers.NONE);
            div.setLineColor(new Color(214, 39, 40));
            div.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 3f}, 0f));
        }
        XYSeries curve = chart.addSeries("ε_g(α) (ODE, N → ∞)", x, y);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(new Color(31, 119, 180));
        curve.setLineStyle(new BasicStroke(2f));
        ChartStyle.finish(chart, null);
        try {
            return ChartPng.bytes(chart);
        } catch (IOException e2) {
            throw new UserError("cannot render the plot: " + e2.getMessage(), e2);
        }
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
