package dev.overlap.ode;

import java.util.Arrays;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.StandardActivation;
import dev.overlap.model.StateLayout;

/**
 * The overlap ODEs for σ(z) = erf(z/√2) (soft committee machine), any widths and normalisation, from the
 * integrals of {@link ErfIntegrals}. With fields u = (λ_1..λ_p, ν_1..ν_p*), weights w = (κ_s, …, κ_s, −κ_t, …, −κ_t)
 * so that the clean error is e = Σ_i w_i g(u_i):
 * <pre>
 *   dR_ar/dα = −η κ_s Σ_i w_i I3(a, p+r, i)
 *   dQ_ab/dα = −η κ_s Σ_i w_i [I3(a, b, i) + I3(b, a, i)]
 *              + η² κ_s² [Σ_{i,j} w_i w_j I4(a, b, i, j) + Δ J2(a, b)]        (η² term, optional)
 *   ε_g     = ½ Σ_{i,j} w_i w_j I2(i, j) = ½ ‖Lᵀ w‖²,   K_ij = I2(i, j) = L Lᵀ
 * </pre>
 * K is the Gram matrix of the features g(u_i), so ε_g is evaluated as a sum of squares (teachers first in the
 * Cholesky order, so that each student contributes its part orthogonal to the teachers): never negative, where the
 * plain double sum of O(1) arcsines cancels to ±10⁻¹⁶ near zero loss.
 *
 * <p>The Jacobian ({@link #exactJacobian(double[], double[])}) is exact: the same sums over the gradients of
 * I3, I4 and J2 with respect to the overlaps ({@link ErfIntegralGradients}, the chain rule through the arcsines
 * and the square roots of the covariance minors), each entry C_uv = C_vu of the covariance mapped to the state
 * entry that holds it (the teacher block T is constant):
 * <pre>
 *   ∂(dR_ar/dα)/∂y_k = −η κ_s Σ_i w_i ∂I3(a, p+r, i)/∂y_k
 *   ∂(dQ_ab/dα)/∂y_k = −η κ_s Σ_i w_i ∂[I3(a, b, i) + I3(b, a, i)]/∂y_k
 *                      + η² κ_s² [Σ_{i,j} w_i w_j ∂I4(a, b, i, j)/∂y_k + Δ ∂J2(a, b)/∂y_k]      (η² term)
 * </pre>
 * Evaluation allocates nothing (work buffers; not thread-safe).
 */
public final class ErfDynamics extends AbstractOverlapDynamics {

    private final int n;
    private final double[] c;
    private final double[] w;
    private final double[] gram;
    private final double[] factor;
    private final double eta;
    private final double delta;
    private final boolean eta2;
    /** The state index of each covariance entry C_uv (row-major n·n), −1 in the constant teacher block. */
    private final int[] column;

    public ErfDynamics(ModelSpec spec, double[][] t) {
        super(spec, t);
        if (spec.activation() != StandardActivation.ERF) {
            throw new SpecException("ErfDynamics needs the erf activation (got " + spec.activation().name() + ")");
        }
        this.n = p + ps;
        this.c = new double[n * n];
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                c[(p + r) * n + p + s] = t[r][s];
            }
        }
        this.w = new double[n];
        this.gram = new double[n * n];
        this.factor = new double[n * n];
        for (int i = 0; i < n; i++) {
            w[i] = i < p ? spec.kappaStudent() : -spec.kappaTeacher();
        }
        this.eta = spec.eta();
        this.delta = spec.noise();
        this.eta2 = spec.eta2();
        this.column = stateColumns();
    }

    /** The index into the flat state of C_uv = C_vu for every (u, v); −1 for an entry of T. */
    private int[] stateColumns() {
        StateLayout layout = layout();
        int[] map = new int[n * n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                int lo = Math.min(u, v);
                int hi = Math.max(u, v);
                map[u * n + v] = lo >= p ? -1 : hi < p ? layout.q(lo, hi) : layout.r(lo, hi - p);
            }
        }
        return map;
    }

    private void load(double[] y) {
        Overlaps.loadCovariance(p, ps, y, c);
    }

    @Override
    public void derivatives(double[] y, double[] yDot) {
        load(y);
        double ks = spec.kappaStudent();
        int k = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double drift = 0;
                for (int i = 0; i < n; i++) {
                    drift += w[i] * (ErfIntegrals.i3(c, n, a, b, i) + ErfIntegrals.i3(c, n, b, a, i));
                }
                double v = -eta * ks * drift;
                if (eta2) {
                    double noise = 0;
                    for (int i = 0; i < n; i++) {
                        noise += w[i] * w[i] * ErfIntegrals.i4(c, n, a, b, i, i);
                        for (int j = i + 1; j < n; j++) {
                            noise += 2 * w[i] * w[j] * ErfIntegrals.i4(c, n, a, b, i, j);
                        }
                    }
                    v += eta * eta * ks * ks * (noise + delta * ErfIntegrals.j2(c, n, a, b));
                }
                yDot[k++] = v;
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                double drift = 0;
                for (int i = 0; i < n; i++) {
                    drift += w[i] * ErfIntegrals.i3(c, n, a, p + r, i);
                }
                yDot[k++] = -eta * ks * drift;
            }
        }
    }

    @Override
    public boolean exactJacobian() {
        return true;
    }

    @Override
    public boolean exactJacobian(double[] y, double[] rowMajor) {
        load(y);
        int dim = dimension();
        Arrays.fill(rowMajor, 0, dim * dim, 0.0);
        double ks = spec.kappaStudent();
        double drift = -eta * ks;
        double noise = eta * eta * ks * ks;
        int row = 0;
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                int offset = row++ * dim;
                for (int i = 0; i < n; i++) {
                    ErfIntegralGradients.addI3(c, n, column, a, b, i, drift * w[i], rowMajor, offset);
                    ErfIntegralGradients.addI3(c, n, column, b, a, i, drift * w[i], rowMajor, offset);
                }
                if (eta2) {
                    addNoiseGradient(a, b, noise, rowMajor, offset);
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int r = 0; r < ps; r++) {
                int offset = row++ * dim;
                for (int i = 0; i < n; i++) {
                    ErfIntegralGradients.addI3(c, n, column, a, p + r, i, drift * w[i], rowMajor, offset);
                }
            }
        }
        return true;
    }

    /** Adds the gradient of the η² term η²κ_s² [Σ_{i,j} w_i w_j I4(a, b, i, j) + Δ J2(a, b)] of dQ_ab/dα. */
    private void addNoiseGradient(int a, int b, double noise, double[] out, int offset) {
        for (int i = 0; i < n; i++) {
            ErfIntegralGradients.addI4(c, n, column, a, b, i, i, noise * w[i] * w[i], out, offset);
            for (int j = i + 1; j < n; j++) {
                ErfIntegralGradients.addI4(c, n, column, a, b, i, j, 2 * noise * w[i] * w[j], out, offset);
            }
        }
        if (delta != 0) {
            ErfIntegralGradients.addJ2(c, n, column, a, b, noise * delta, out, offset);
        }
    }

    @Override
    public double generalisationError(double[] y) {
        load(y);
        for (int i = 0; i < n; i++) {
            int oi = order(i);
            for (int j = 0; j <= i; j++) {
                gram[i * n + j] = ErfIntegrals.i2(c, n, oi, order(j));
            }
        }
        ClampedCholesky.factor(gram, n, factor);
        double s = 0;
        for (int k = 0; k < n; k++) {
            double v = 0;
            for (int i = k; i < n; i++) {
                v += factor[i * n + k] * w[order(i)];
            }
            s += v * v;
        }
        return 0.5 * s;
    }

    /** The field at Cholesky position i: the p* teachers first, then the p students. */
    private int order(int i) {
        return i < ps ? p + i : i - ps;
    }

    @Override
    public String evaluatorName() {
        return "erf-closed-form";
    }
}
