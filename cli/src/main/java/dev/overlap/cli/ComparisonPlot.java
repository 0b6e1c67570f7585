package dev.overlap.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

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

    /**
     * The lower panel: the z(α) of the verdict per N with its band ± z_max: under the finite-N theory
     * (mean ε_sim − mean_pred)/(sd_pred/√S), else D/SE (D = mean ε_sim − mean ε_ode, SE its standard error across
     * seeds); null when no row has a finite z.
     */
    private static XYChart zPanel(Comparison.Report report, boolean logAlpha) {
        boolean finite = report.theory() == Comparison.Theory.FINITE_N;
        XYChart chart = new XYChartBuilder().width(1250).height(330)
                .title(finite
                        ? "z(α) = (mean ε_sim − mean_pred)/(sd_pred/√S), the finite-N theory of the verdict;"
                                + " dashed: ± z_max of the verdict"
                        : "z(α) = D/SE: D = mean ε_sim − mean ε_ode (per-seed N → ∞ ODEs), SE its standard error over"
                                + " seeds; dashed: ± z_max of the verdict")
                .xAxisTitle("α = steps / N").yAxisTitle("z").build();
        ChartStyle.base(chart);
        chart.getStyler().setXAxisLogarithmic(logAlpha);
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double bound = 0;
        int colour = 0;
        boolean any = false;
        for (int k = 0; k < report.perN().size(); k++) {
            Comparison.AtN a = report.perN().get(k);
            dev.overlap.validation.FiniteNComparison fn = finite ? report.finiteN().get(k) : null;
            double[] alphas = finite ? fn.alphas() : a.alphas();
            double[] zs = finite ? fn.z() : a.z();
            double zBound = finite ? fn.zBound() : a.zBound();
            double maxAbsZ = finite ? fn.maxAbsZ() : a.maxAbsZ();
            Color c = PALETTE[colour++ % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> z = new ArrayList<>();
            for (int i = 0; i < alphas.length; i++) {
                if ((logAlpha && alphas[i] <= 0) || !Double.isFinite(zs[i])) {
                    continue;
                }
                x.add(alphas[i]);
                z.add(zs[i]);
            }
            if (x.isEmpty()) {
                continue;
            }
            any = true;
            xMin = Math.min(xMin, x.get(0));
            xMax = Math.max(xMax, x.get(x.size() - 1));
            if (Double.isFinite(zBound)) {
                bound = Math.max(bound, zBound);
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "N = %d: z (max |z| = %.3g, z_max = %.3g)", a.n(),
                    maxAbsZ, zBound), x, z);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(x.size() <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(1.5f));
        }
        if (!any) {
            return null;
        }
        if (bound > 0) {
            for (double sign : new double[] {1, -1}) {
                XYSeries b = chart.addSeries(sign > 0 ? "± z_max" : "−z_max", new double[] {xMin, xMax},
                        new double[] {sign * bound, sign * bound});
                b.setMarker(SeriesMarkers.NONE);
                b.setLineColor(Color.GRAY);
                b.setShowInLegend(sign > 0);
                b.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        XYSeries zero = chart.addSeries("z = 0", new double[] {xMin, xMax}, new double[] {0, 0});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.BLACK);
        zero.setLineStyle(new BasicStroke(0.8f));
        zero.setShowInLegend(false);
        ChartStyle.finish(chart, org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return chart;
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
        ChartStyle.base(chart);
        chart.getStyler().setYAxisLogarithmic(spansADecade(report));
        chart.getStyler().setXAxisLogarithmic(logAlpha);
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
        ChartStyle.finish(chart, org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        XYChart zChart = zPanel(report, logAlpha);
        BufferedImage top = BitmapEncoder.getBufferedImage(chart);
        BufferedImage bottom = zChart == null ? null : BitmapEncoder.getBufferedImage(zChart);
        BufferedImage both = new BufferedImage(top.getWidth(), top.getHeight() + (bottom == null ? 0 : bottom.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(top, 0, 0, null);
        if (bottom != null) {
            g.drawImage(bottom, 0, top.getHeight(), null);
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(both, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UserError("cannot render the plot: " + e.getMessage(), e);
        }
    }
}
