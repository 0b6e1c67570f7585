package dev.overlap.ode.finiten;

import java.util.Arrays;
import java.util.function.DoubleFunction;

/**
 * An expensive diffusion matrix (quadrature) along a deterministic path φ(α), tabulated at nodes α_k and
 * interpolated linearly in α in between: D(φ(α)) ≈ (1 − s) D(φ(α_k)) + s D(φ(α_{k+1})).
 *
 * <p>The linear-noise equations need D at every right-hand-side evaluation, while D varies only with φ, which is
 * the autonomous ODE and known in advance. Interpolating keeps the right-hand side continuous in α (reusing the
 * last D instead would make it jump, and an adaptive integrator then crawls through every jump). The nodes are
 * placed lazily from the first: each next node is where φ has moved by {@value #PHI_TOLERANCE}·max(1, max_i |φ_i|)
 * in the max norm, with spacing between {@value #MIN_SPACING} and {@value #MAX_SPACING}, so the interpolation error
 * of D is of order 10⁻⁴ relative. Not thread-safe.
 */
final class DiffusionAlongPath {

    static final double PHI_TOLERANCE = 0.02;
    static final double MIN_SPACING = 1e-3;
    static final double MAX_SPACING = 10;

    private final Diffusion diffusion;
    private final DoubleFunction<double[]> path;
    private final int size;
    private double[] alphas = new double[64];
    private double[][] tables = new double[64][];
    private int count;
    private double spacing = 0.01;

    /**
     * @param diffusion the diffusion matrix D(Ω)
     * @param path      α ↦ φ(α), defined from {@code start} on as far as it will be asked
     * @param start     the first node
     */
    DiffusionAlongPath(Diffusion diffusion, DoubleFunction<double[]> path, double start) {
        this.diffusion = diffusion;
        this.path = path;
        int d = diffusion.dimension();
        this.size = d * d;
        addNode(start, path.apply(start));
    }

    /** Number of D evaluations so far. */
    int evaluations() {
        return count;
    }

    /** D along the path at α (α ≥ the first node) into {@code out} (d² entries, row-major). */
    void at(double alpha, double[] out) {
        while (alphas[count - 1] < alpha) {
            extend();
        }
        int k = Arrays.binarySearch(alphas, 0, count, alpha);
        if (k >= 0) {
            System.arraycopy(tables[k], 0, out, 0, size);
            return;
        }
        int hi = -k - 1;
        if (hi == 0) {
            System.arraycopy(tables[0], 0, out, 0, size);
            return;
        }
        int lo = hi - 1;
        double s = (alpha - alphas[lo]) / (alphas[hi] - alphas[lo]);
        double[] a = tables[lo];
        double[] b = tables[hi];
        for (int i = 0; i < size; i++) {
            out[i] = a[i] + s * (b[i] - a[i]);
        }
    }

    private void extend() {
        double last = alphas[count - 1];
        double[] from = path.apply(last);
        double scale = 1;
        for (double v : from) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = PHI_TOLERANCE * scale;
        double h = Math.min(MAX_SPACING, 2 * spacing);
        double[] to = path.apply(last + h);
        while (h > MIN_SPACING && distance(from, to) > tol) {
            h = Math.max(MIN_SPACING, 0.5 * h);
            to = path.apply(last + h);
        }
        spacing = h;
        addNode(last + h, to);
    }

    private static double distance(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private void addNode(double alpha, double[] phi) {
        if (count == alphas.length) {
            alphas = Arrays.copyOf(alphas, 2 * count);
            tables = Arrays.copyOf(tables, 2 * count);
        }
        double[] table = new double[size];
        diffusion.diffusion(phi, table);
        alphas[count] = alpha;
        tables[count] = table;
        count++;
    }
}
