package dev.overlap.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.overlap.model.ModelSpec;
import dev.overlap.ode.Trajectory;
import dev.overlap.validation.Comparison;
import dev.overlap.validation.SampleStatistics;

/**
 * The comparison figure: for each N (one colour), the simulation's mean ε_g with a band of ± 2 standard errors
 * across seeds and, over it, the theory (mean of the per-seed ODEs); the N → ∞ curve from the isotropic start
 * dashed in black. ε_g on a log axis when the curves span a decade (linear otherwise); α on a log axis for a log
 * grid (α = 0 dropped) and linear otherwise.
 */
final class ComparisonPlot {

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75), new Color(227, 119, 194)};

    private ComparisonPlot() {
    }

    /** A log ε_g axis only when the curves span at least a decade (XChart labels a log axis at powers of ten). */
    private static boolean spansADecade(Comparison.Report report) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Comparison.AtN a : report.perN()) {
            for (double v : a.theoryMean()) {
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi >= 10 * lo;
    }

    static byte[] render(Comparison.Report report, boolean logAlpha, double isotropicR0) {
        System.setProperty("java.awt.headless", "true");
        ModelSpec s = report.spec();
        XYChart chart = new XYChartBuilder().width(1250).height(650)
                .title(String.format(Locale.ROOT, "theory vs simulation: p = %d, p* = %d, %s, %s, η = %s (η̃ = %s), Δ = %s,"
                        + " %d seeds per N — %s", s.p(), s.pstar(), s.activation().name(), s.normalisation().flag(),
                        ModelSpec.compact(s.eta()), ModelSpec.compact(s.etaPerWidth()), ModelSpec.compact(s.noise()),
                        report.perN().get(0).simulation().seeds().size(), report.verdict()))
                .xAxisTitle("α = steps / N").yAxisTitle("ε_g").build();
        chart.getStyler().setYAxisLogarithmic(spansADecade(report));
        chart.getStyler().setXAxisLogarithmic(logAlpha);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridLinesVisible(true);
        int colour = 0;
        for (int k = 0; k < report.perN().size(); k++) {
            Comparison.AtN a = report.perN().get(k);
            Color c = PALETTE[colour++ % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> lower = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            List<Double> theory = new ArrayList<>();
            for (int i = 0; i < a.alphas().length; i++) {
                SampleStatistics st = a.simulationStatistics()[i];
                double lo = st.mean() - 2 * st.sem();
                if ((logAlpha && a.alphas()[i] <= 0) || !(st.mean() > 0) || !(a.theoryMean()[i] > 0)) {
                    continue;
                }
                x.add(a.alphas()[i]);
                mean.add(st.mean());
                lower.add(lo > 0 ? lo : st.mean() * 1e-3);
                upper.add(st.mean() + 2 * st.sem());
                theory.add(a.theoryMean()[i]);
            }
            if (x.size() < 2) {
                continue;
            }
            List<Double> bandX = new ArrayList<>(x);
            List<Double> bandY = new ArrayList<>(upper);
            for (int i = x.size() - 1; i >= 0; i--) {
                bandX.add(x.get(i));
                bandY.add(lower.get(i));
            }
            XYSeries band = chart.addSeries("N = " + a.n() + ": simulation, mean (dashed) ± 2 SE", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries sim = chart.addSeries("N = " + a.n() + ": simulation mean", x, mean);
            sim.setMarker(SeriesMarkers.NONE);
            sim.setShowInLegend(false);
            sim.setLineColor(c);
            sim.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {3f, 3f}, 0f));
            boolean finite = report.theory() == Comparison.Theory.FINITE_N;
            XYSeries th = chart.addSeries("N = " + a.n() + ": N → ∞ ODE from each seed's start (mean)", x, theory);
            th.setMarker(SeriesMarkers.NONE);
            th.setLineColor(c);
            th.setLineStyle(finite ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {1f, 3f}, 0f) : new BasicStroke(2f));
            if (finite) {
                dev.overlap.validation.FiniteNComparison f = report.finiteN().get(k);
                List<Double> fx = new ArrayList<>();
                List<Double> fy = new ArrayList<>();
                for (int i = 0; i < f.alphas().length; i++) {
                    double v = f.prediction().mean()[i];
                    if ((logAlpha && f.alphas()[i] <= 0) || !(v > 0)) {
                        continue;
                    }
                    fx.add(f.alphas()[i]);
                    fy.add(v);
                }
                if (fx.size() >= 2) {
                    XYSeries fs = chart.addSeries("N = " + a.n() + ": finite-N theory (predicted mean)", fx, fy);
                    fs.setMarker(SeriesMarkers.NONE);
                    fs.setLineColor(c);
                    fs.setLineStyle(new BasicStroke(2f));
                }
            }
        }
        Trajectory iso = report.isotropic();
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < iso.size(); i++) {
            if ((logAlpha && iso.alphas()[i] <= 0) || !(iso.epsG()[i] > 0)) {
                continue;
            }
            x.add(iso.alphas()[i]);
            y.add(iso.epsG()[i]);
        }
        if (x.size() >= 2) {
            XYSeries ref = chart.addSeries("N → ∞, isotropic start (r₀ = " + ModelSpec.compact(isotropicR0) + ")", x, y);
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineColor(Color.BLACK);
            ref.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 5f}, 0f));
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UserError("cannot render the plot: " + e.getMessage(), e);
        }
    }
}
