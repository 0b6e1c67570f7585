package dev.overlap.ode;

import dev.overlap.model.ModelSpec;
import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.StandardActivation;

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
