package dev.overlap.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one look of every chart the CLI draws: antialiased lines and text, one number format for tick labels,
 * labelled decades on log axes (with 2 and 5 × 10^k, or every mantissa, when the axis spans little), clean
 * linear ticks, axis limits on tick values, and the legend in the corner the curves leave free.
 *
 * <p>Use: build the chart, call {@link #base}, add the series, then call {@link #finish} once before rendering.
 * The tick choice ({@link #logTicks}, {@link #linearTicks}) and the number format ({@link #format}) are pure.
 */
final class ChartStyle {

    /** Distinct, saturated series colours (the "tab10" palette). */
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
    /** Mantissa sets for labels on a log axis, densest first. */
    static final int[][] LOG_SETS = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 5, 7}, {1, 2, 5}, {1}};
    /** Minimum distance between two labels, in pixels, along a vertical (y) and a horizontal (x) axis. */
    static final double MIN_GAP_Y = 24;
    static final double MIN_GAP_X = 60;

    private ChartStyle() {
    }

    // ------------------------------------------------------------------ number format

    /**
     * Whether the labels of one axis are written in exponent form: when any of them is below 10⁻³ or at least 10⁵
     * in magnitude (zero aside). One axis never mixes "0.001" with "1e-4".
     */
    static boolean scientific(List<Double> labels) {
        for (double v : labels) {
            double a = Math.abs(v);
            if (a != 0 && (a < 1e-3 || a >= 1e5)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One tick label: plain decimals without trailing zeros ("0.7", "0.05", "2000"), or with {@code scientific}
     * the form "1e-4", "2.5e-12", "3e6" (values between 1 and 10 stay plain: "1", "2", "5"). At most 4
     * significant digits; −0 prints as "0".
     */
    static String format(double v, boolean scientific) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(4));
        if (!scientific) {
            return b.stripTrailingZeros().toPlainString();
        }
        int k = b.precision() - b.scale() - 1;
        if (k == 0) {
            return b.stripTrailingZeros().toPlainString();
        }
        BigDecimal m = b.movePointLeft(k).stripTrailingZeros();
        return m.toPlainString() + "e" + k;
    }

    // ------------------------------------------------------------------ tick choice

    /**
     * The ticks of a log axis.
     *
     * @param min      axis minimum (a tick value: mantissa 1..9)
     * @param max      axis maximum
     * @param labelled the values that carry a label, ascending
     */
    record LogTicks(double min, double max, List<Double> labelled) {
    }

    /**
     * Ticks for a log axis over the data range [lo, hi] (both &gt; 0) drawn over {@code pixels} pixels with labels
     * at least {@code minGap} pixels apart. The axis limits are the data range widened to the nearest values
     * m·10^k (m = 1..9, where XChart draws its ticks); the labels are the densest of m ∈ {1..9}, {1, 2, 3, 5, 7},
     * {1, 2, 5} and the decades that keeps them {@code minGap} apart, else every second, third, … decade. There
     * are always at least two labels: when the chosen set has fewer inside the range the limits are widened to its
     * nearest members.
     */
    static LogTicks logTicks(double lo, double hi, double pixels, double minGap) {
        if (!(lo > 0) || !(hi >= lo)) {
            throw new IllegalArgumentException("log axis range must be positive: [" + lo + ", " + hi + "]");
        }
        double min = floorTick(lo);
        double max = ceilTick(hi);
        if (max <= min) {
            max = ceilTick(Math.nextUp(min * (1 + 1e-9)));
        }
        double perDecade = pixels / Math.log10(max / min);
        for (int[] set : LOG_SETS) {
            if (minLogGap(set) * perDecade >= minGap) {
                List<Double> l = labels(set, 1, min, max);
                if (l.size() < 2) {
                    min = Math.min(min, below(set, 1, lo));
                    max = Math.max(max, above(set, 1, hi));
                    l = labels(set, 1, min, max);
                }
                return extend(set, 1, min, max);
            }
        }
        int stride = (int) Math.ceil(minGap / perDecade);
        List<Double> l = labels(new int[] {1}, stride, min, max);
        if (l.size() < 2) {
            min = Math.min(min, below(new int[] {1}, stride, lo));
            max = Math.max(max, above(new int[] {1}, stride, hi));
            l = labels(new int[] {1}, stride, min, max);
        }
        return extend(new int[] {1}, stride, min, max);
    }

    /**
     * Widens each end to the nearest label at or beyond it when that costs at most max(0.35, 0.12 × span)
     * decades, so that the ends of the axis are labelled where this is cheap.
     */
    private static LogTicks extend(int[] set, int stride, double min, double max) {
        double allow = Math.max(0.35, 0.12 * Math.log10(max / min));
        double a = below(set, stride, min);
        double b = above(set, stride, max);
        if (a > 0 && Math.log10(min / a) <= allow) {
            min = a;
        }
        if (Double.isFinite(b) && Math.log10(b / max) <= allow) {
            max = b;
        }
        return new LogTicks(min, max, labels(set, stride, min, max));
    }

    /** The smallest distance in decades between neighbouring members of a mantissa set (wrapping to 10). */
    private static double minLogGap(int[] set) {
        double g = Math.log10(10.0 / set[set.length - 1]);
        for (int i = 1; i < set.length; i++) {
            g = Math.min(g, Math.log10((double) set[i] / set[i - 1]));
        }
        return g;
    }

    private static double value(int m, int k) {
        return new BigDecimal(m).scaleByPowerOfTen(k).doubleValue();
    }

    /** Members m·10^k of the set (k a multiple of stride when stride &gt; 1) within [min, max], ascending. */
    private static List<Double> labels(int[] set, int stride, double min, double max) {
        List<Double> out = new ArrayList<>();
        int k0 = (int) Math.floor(Math.log10(min)) - 1;
        int k1 = (int) Math.ceil(Math.log10(max)) + 1;
        for (int k = k0; k <= k1; k++) {
            if (Math.floorMod(k, stride) != 0) {
                continue;
            }
            for (int m : set) {
                double v = value(m, k);
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static double below(int[] set, int stride, double x) {
        double best = 0;
        int k0 = (int) Math.floor(Math.log10(x)) - stride - 1;
        for (int k = k0; k <= k0 + stride + 2; k++) {
            if (Math.floorMod(k, stride) != 0) {
                continue;
            }
            for (int m : set) {
                double v = value(m, k);
                if (v <= x * (1 + 1e-9)) {
                    best = Math.max(best, v);
                }
            }
        }
        return best;
    }

    private static double above(int[] set, int stride, double x) {
        double best = Double.POSITIVE_INFINITY;
        int k0 = (int) Math.floor(Math.log10(x)) - 1;
        for (int k = k0; k <= k0 + stride + 2; k++) {
            if (Math.floorMod(k, stride) != 0) {
                continue;
            }
            for (int m : set) {
                double v = value(m, k);
                if (v >= x * (1 - 1e-9)) {
                    best = Math.min(best, v);
                }
            }
        }
        return best;
    }

    /** The largest m·10^k (m = 1..9) not above x. */
    static double floorTick(double x) {
        return below(LOG_SETS[0], 1, x);
    }

    /** The smallest m·10^k (m = 1..9) not below x. */
    static double ceilTick(double x) {
        return above(LOG_SETS[0], 1, x);
    }

    /**
     * The ticks of a linear axis.
     *
     * @param min   axis minimum (a multiple of step)
     * @param max   axis maximum (a multiple of step)
     * @param step  1, 2 or 5 × 10^k (the steps XChart draws)
     * @param ticks the labelled values min, min + step, …, max
     */
    record LinearTicks(double min, double max, double step, List<Double> ticks) {
    }

    /**
     * Ticks for a linear axis over [lo, hi]: the smallest step 1, 2 or 5 × 10^k that gives at most
     * {@code maxTicks} labels, and the limits widened to multiples of it.
     */
    static LinearTicks linearTicks(double lo, double hi, int maxTicks) {
        if (!(hi > lo)) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        double span = hi - lo;
        int e = (int) Math.floor(Math.log10(span / maxTicks)) - 1;
        for (; ; e++) {
            for (double m : new double[] {1, 2, 5}) {
                BigDecimal step = new BigDecimal(m).scaleByPowerOfTen(e);
                double s = step.doubleValue();
                long a = (long) Math.floor(lo / s + 1e-9);
                long b = (long) Math.ceil(hi / s - 1e-9);
                if (b - a + 1 <= maxTicks) {
                    List<Double> t = new ArrayList<>();
                    for (long i = a; i <= b; i++) {
                        t.add(step.multiply(BigDecimal.valueOf(i)).doubleValue());
                    }
                    return new LinearTicks(t.get(0), t.get(t.size() - 1), s, t);
                }
            }
        }
    }

    /** Labels for the given values only ("" elsewhere: XChart's log axis puts a tick at every m·10^k). */
    static Function<Double, String> labeller(List<Double> labelled) {
        boolean sci = scientific(labelled);
        return v -> {
            for (double l : labelled) {
                if (Math.abs(v - l) <= 1e-6 * Math.abs(l)) {
                    return format(l, sci);
                }
            }
            return "";
        };
    }

    /** Labels for a linear axis with the given ticks: values snapped to the step's resolution. */
    static Function<Double, String> linearLabeller(LinearTicks t) {
        boolean sci = scientific(t.ticks());
        double q = t.step() / 1000;
        return v -> {
            double s = Math.rint(v / q) * q;
            return format(Math.abs(s) < q / 2 ? 0 : s, sci);
        };
    }

    // ------------------------------------------------------------------ applying it to a chart

    /** Antialiasing, fonts and grid lines; call right after building the chart. */
    static void base(XYChart chart) {
        System.setProperty("java.awt.headless", "true");
        XYStyler st = chart.getStyler();
        st.setAntiAlias(true);
        st.setTextAntiAlias(true);
        st.setChartTitleFont(st.getChartTitleFont().deriveFont(12f));
        st.setLegendFont(st.getLegendFont().deriveFont(11f));
        st.setPlotGridLinesVisible(true);
        st.setPlotGridLinesColor(new Color(222, 222, 222));
        st.setPlotGridLinesStroke(new BasicStroke(0.6f));
        st.setSeriesColors(PALETTE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        st.setXAxisLogarithmicDecadeOnly(false);
        st.setYAxisLogarithmicDecadeOnly(false);
    }

    /**
     * Sets both axes' limits and tick labels from the data of the series now in the chart (error bars included),
     * and, with {@code legend} null, puts the legend into the inside corner that covers (almost) no data (outside
     * on the right when every corner would). Call once, after the last series.
     */
    static void finish(XYChart chart, LegendPosition legend) {
        XYStyler st = chart.getStyler();
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean logX = st.isXAxisLogarithmic();
        boolean logY = st.isYAxisLogarithmic();
        for (XYSeries s : chart.getSeriesCollection()) {
            double[] x = s.getXData();
            double[] y = s.getYData();
            double[] err = s.getExtraValues();
            for (int i = 0; i < x.length; i++) {
                double e = err == null ? 0 : err[i];
                include(xr, x[i], logX);
                include(yr, y[i] - e, logY);
                include(yr, y[i] + e, logY);
                include(yr, y[i], logY);
            }
        }
        if (!(xr[0] <= xr[1]) || !(yr[0] <= yr[1])) {
            return;
        }
        int w = chart.getWidth();
        int h = chart.getHeight();
        double plotW = w - 130;
        double plotH = h - 120;
        double[] xl = axis(st, true, xr, logX, legend == LegendPosition.OutsideE ? plotW - legendWidth(chart) : plotW);
        double[] yl = axis(st, false, yr, logY, plotH);
        if (legend == null) {
            legend = legendCorner(chart, xl, yl, logX, logY, plotW, plotH);
            if (legend == LegendPosition.OutsideE) {
                xl = axis(st, true, xr, logX, plotW - legendWidth(chart));
            }
        }
        st.setLegendPosition(legend);
        // XChart puts ticks only at the data when the x (or y) values are equally spaced; one hidden point off
        // the grid keeps its regular ticks.
        double hx = logX ? Math.sqrt(xl[0] * xl[1]) * 1.0123 : xl[0] + 0.4123 * (xl[1] - xl[0]);
        double hy = logY ? Math.sqrt(yl[0] * yl[1]) * 1.0123 : yl[0] + 0.4123 * (yl[1] - yl[0]);
        XYSeries hidden = chart.addSeries("\u200b", new double[] {hx}, new double[] {hy});
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
        hidden.setLineColor(new Color(0, 0, 0, 0));
        hidden.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static void include(double[] r, double v, boolean log) {
        if (Double.isFinite(v) && (!log || v > 0)) {
            r[0] = Math.min(r[0], v);
            r[1] = Math.max(r[1], v);
        }
    }

    private static double[] axis(XYStyler st, boolean x, double[] r, boolean log, double pixels) {
        double min;
        double max;
        Function<Double, String> f;
        if (log) {
            LogTicks t = logTicks(r[0], r[1], pixels, x ? MIN_GAP_X : MIN_GAP_Y);
            min = t.min();
            max = t.max();
            f = labeller(t.labelled());
        } else {
            LinearTicks t = linearTicks(r[0], r[1], x ? 10 : 11);
            min = t.min();
            max = t.max();
            f = linearLabeller(t);
            // XChart picks its step 1, 2 or 5 × 10^k from span / tick space × hint; aim that ratio at the middle of
            // the interval that yields our step, so that a tick space 30 % off the estimate still gives it.
            double m = t.step() / Math.pow(10, Math.floor(Math.log10(t.step()) + 1e-9));
            double target = m < 1.5 ? 1.06 : 1.2;
            int hint = (int) Math.round(target * t.step() / (t.max() - t.min()) * 0.92 * pixels);
            if (x) {
                st.setXAxisTickMarkSpacingHint(Math.max(hint, 20));
            } else {
                st.setYAxisTickMarkSpacingHint(Math.max(hint, 20));
            }
        }
        if (x) {
            st.setXAxisMin(min);
            st.setXAxisMax(max);
            st.setXAxisTickLabelsFormattingFunction(f);
        } else {
            st.setYAxisMin(min);
            st.setYAxisMax(max);
            st.setYAxisTickLabelsFormattingFunction(f);
        }
        return new double[] {min, max};
    }

    /** Estimated width in pixels of the legend. */
    private static double legendWidth(XYChart chart) {
        int chars = 0;
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.isShowInLegend()) {
                chars = Math.max(chars, s.getName().length());
            }
        }
        return chars * 6.6 + 70;
    }

    /** Whether (x, y) in unit plot coordinates lies under a legend box of size bw × bh in corner c (SW, SE, NE, NW). */
    private static boolean inCorner(int c, double x, double y, double bw, double bh) {
        boolean left = x <= bw + 0.03;
        boolean right = x >= 1 - bw - 0.03;
        boolean low = y <= bh + 0.03;
        boolean high = y >= 1 - bh - 0.03;
        return switch (c) {
            case 0 -> left && low;
            case 1 -> right && low;
            case 2 -> right && high;
            default -> left && high;
        };
    }

    /** Position in [0, 1] along an axis. */
    private static double unit(double v, double[] lim, boolean log) {
        return log ? Math.log(v / lim[0]) / Math.log(lim[1] / lim[0]) : (v - lim[0]) / (lim[1] - lim[0]);
    }

    /**
     * The inside corner whose legend box covers the fewest points of the drawn curves (lines sampled between
     * their points; reference lines and shaded areas count a tenth), or outside on the right when every corner
     * covers more than a trace.
     */
    static LegendPosition legendCorner(XYChart chart, double[] xl, double[] yl, boolean logX, boolean logY,
            double plotW, double plotH) {
        int rows = 0;
        int chars = 0;
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.isShowInLegend()) {
                rows++;
                chars = Math.max(chars, s.getName().length());
            }
        }
        double bw = Math.min(0.95, (chars * 6.6 + 60) / plotW);
        double bh = Math.min(0.95, (rows * 17 + 14) / plotH);
        LegendPosition[] corners = {LegendPosition.InsideSW, LegendPosition.InsideSE, LegendPosition.InsideNE,
            LegendPosition.InsideNW};
        double[] hits = new double[4];
        for (XYSeries s : chart.getSeriesCollection()) {
            double[] x = s.getXData();
            double[] y = s.getYData();
            double[] err = s.getExtraValues();
            if (err != null) {
                for (int i = 0; i < x.length; i++) {
                    for (double v : new double[] {y[i] - err[i], y[i] + err[i]}) {
                        if (Double.isFinite(v) && (!logY || v > 0) && (!logX || x[i] > 0)) {
                            double ux = unit(x[i], xl, logX);
                            double uy = unit(v, yl, logY);
                            for (int c = 0; c < 4; c++) {
                                hits[c] += inCorner(c, ux, uy, bw, bh) ? 1 : 0;
                            }
                        }
                    }
                }
            }
            // reference lines (two points) and shaded areas may lie under the half-transparent legend
            XYSeries.XYSeriesRenderStyle style = s.getXYSeriesRenderStyle().orElse(XYSeries.XYSeriesRenderStyle.Line);
            double weight = x.length <= 2 || style == XYSeries.XYSeriesRenderStyle.PolygonArea ? 0.1 : 1;
            boolean line = s.getXYSeriesRenderStyle().orElse(XYSeries.XYSeriesRenderStyle.Line)
                    != XYSeries.XYSeriesRenderStyle.Scatter;
            double px = Double.NaN;
            double py = Double.NaN;
            for (int i = 0; i < x.length; i++) {
                if ((logX && !(x[i] > 0)) || (logY && !(y[i] > 0)) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    px = Double.NaN;
                    continue;
                }
                double ux = unit(x[i], xl, logX);
                double uy = unit(y[i], yl, logY);
                int steps = line && !Double.isNaN(px) ? 12 : 1;
                for (int j = 1; j <= steps; j++) {
                    double f = (double) j / steps;
                    double qx = steps == 1 ? ux : px + f * (ux - px);
                    double qy = steps == 1 ? uy : py + f * (uy - py);
                    for (int c = 0; c < 4; c++) {
                        hits[c] += inCorner(c, qx, qy, bw, bh) ? weight : 0;
                    }
                }
                px = ux;
                py = uy;
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) {
            if (hits[i] < hits[best]) {
                best = i;
            }
        }
        return hits[best] <= 3 ? corners[best] : LegendPosition.OutsideE;
    }
}
