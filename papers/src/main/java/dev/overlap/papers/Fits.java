package dev.overlap.papers;

import java.util.ArrayList;
import java.util.List;

/** Least-squares straight-line fits y = a + b x, on raw or logarithmic axes, as the reproductions measure slopes. */
final class Fits {

    private Fits() {
    }

    /**
     * Least squares over all points, in centred form: b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², a = ȳ − b x̄.
     *
     * @return {a, b}
     */
    static double[] line(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b};
    }

    /**
     * The slope b = (n Σxy − Σx Σy)/(n Σx² − (Σx)²) over the points with lo ≤ x ≤ hi and finite y.
     *
     * @return the least-squares slope of y against x there
     */
    static double slope(double[] x, double[] y, double lo, double hi) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= lo && x[i] <= hi && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                sxx += x[i] * x[i];
                sxy += x[i] * y[i];
                n++;
            }
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** @return the least-squares slope of ln y against x over the points with lo ≤ y ≤ hi (an exponential rate) */
    static double logSlopeInBand(double[] x, double[] y, double lo, double hi) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] >= lo && y[i] <= hi) {
                xs.add(x[i]);
                ys.add(Math.log(y[i]));
            }
        }
        double[] xa = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ya = ys.stream().mapToDouble(Double::doubleValue).toArray();
        return slope(xa, ya, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** @return the least-squares slope of ln y against ln x over lo ≤ x ≤ hi (a power-law exponent) */
    static double logLogSlope(double[] x, double[] y, double lo, double hi) {
        return slope(log(x), log(y), Math.log(lo) - 1e-12, Math.log(hi) + 1e-12);
    }

    /** @return ln v elementwise, NaN where v ≤ 0 */
    static double[] log(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] > 0 ? Math.log(v[i]) : Double.NaN;
        }
        return o;
    }
}
