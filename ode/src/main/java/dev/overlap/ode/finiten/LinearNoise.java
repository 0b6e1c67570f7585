package dev.overlap.ode.finiten;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

import dev.overlap.ode.OverlapDynamics;

/**
 * The ODE together with its linear-noise covariance and the O(1/N) shift of the mean: for
 * Ω = φ + N^-½ ξ + N^-1 μ + …, to leading order
 * <pre>
 *   dφ/dα = F(φ),     dΣ/dα = J Σ + Σ Jᵀ + D(φ),     dμ/dα = J μ + ½ Σ_kl (∂²F/∂Ω_k∂Ω_l) Σ_kl,
 * </pre>
 * J = ∂F/∂Ω at φ, Σ = Cov(ξ), μ = N (E Ω − φ), as one Hipparchus ODE on the state (φ, Σ, μ) (Σ stored in full, d²
 * entries, row-major, then μ). J is taken by central differences of F with steps h_j = 10⁻⁶ (1 + |φ_j|); the
 * curvature term as Σ_e s_e (F(φ + h v_e) − 2F(φ) + F(φ − h v_e))/(2h²) over the eigenpairs (s_e, v_e) of Σ,
 * h = 10⁻⁴, which is the same contraction. The drift is the ODE of the spec (its η² switch must be on for SGD).
 * An {@linkplain Diffusion#expensive() expensive} D (quadrature) is reused while φ stays within
 * {@value #REUSE_TOLERANCE} (max norm, relative to 1 + max|φ|) and α within {@value #REUSE_ALPHA} of where it was
 * evaluated: D varies slowly along the path, and this keeps the erf theory to seconds. Not thread-safe.
 */
public final class LinearNoise implements OrdinaryDifferentialEquation {

    private final OverlapDynamics dynamics;
    private final Diffusion diffusion;
    private final int d;
    private final double[] out;
    private final double[] jac;
    private final double[] noise;
    private final double[] x;
    private final double[] plus;
    private final double[] minus;

    private final double[] centre;
    private final double[] noiseAt;
    private double noiseTime = Double.NaN;

    /** Relative change of φ below which an expensive D is reused. */
    static final double REUSE_TOLERANCE = 1e-3;
    /** Change of α below which an expensive D is reused. */
    static final double REUSE_ALPHA = 0.5;

    public LinearNoise(OverlapDynamics dynamics, Diffusion diffusion) {
        this.dynamics = dynamics;
        this.diffusion = diffusion;
        this.d = dynamics.dimension();
        this.out = new double[2 * d + d * d];
        this.centre = new double[d];
        this.noiseAt = new double[d];
        this.jac = new double[d * d];
        this.noise = new double[d * d];
        this.x = new double[d];
        this.plus = new double[d];
        this.minus = new double[d];
    }

    /** The combined state (φ, Σ, μ = 0) from a state and a covariance. */
    public static double[] pack(double[] phi, double[] sigma) {
        double[] s = new double[2 * phi.length + sigma.length];
        System.arraycopy(phi, 0, s, 0, phi.length);
        System.arraycopy(sigma, 0, s, phi.length, sigma.length);
        return s;
    }

    @Override
    public int getDimension() {
        return 2 * d + d * d;
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        System.arraycopy(y, 0, x, 0, d);
        dynamics.derivatives(x, out);
        jacobian(x, jac);
        updateNoise(t, x);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = noise[i * d + j];
                for (int k = 0; k < d; k++) {
                    v += jac[i * d + k] * y[d + k * d + j] + y[d + i * d + k] * jac[j * d + k];
                }
                out[d + i * d + j] = v;
            }
        }
        int mu = d + d * d;
        for (int i = 0; i < d; i++) {
            double v = 0;
            for (int k = 0; k < d; k++) {
                v += jac[i * d + k] * y[mu + k];
            }
            out[mu + i] = v;
        }
        System.arraycopy(out, 0, centre, 0, d);
        double[][] sig = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                sig[i][j] = 0.5 * (y[d + i * d + j] + y[d + j * d + i]);
            }
        }
        org.hipparchus.linear.EigenDecompositionSymmetric eig =
                new org.hipparchus.linear.EigenDecompositionSymmetric(org.hipparchus.linear.MatrixUtils.createRealMatrix(sig));
        double[] ev = eig.getEigenvalues();
        double h = 1e-4;
        for (int e = 0; e < d; e++) {
            if (ev[e] == 0) {
                continue;
            }
            double[] v = eig.getEigenvector(e).toArray();
            for (int i = 0; i < d; i++) {
                x[i] = y[i] + h * v[i];
            }
            dynamics.derivatives(x, plus);
            for (int i = 0; i < d; i++) {
                x[i] = y[i] - h * v[i];
            }
            dynamics.derivatives(x, minus);
            double c = ev[e] / (2 * h * h);
            for (int i = 0; i < d; i++) {
                out[mu + i] += c * (plus[i] - 2 * centre[i] + minus[i]);
            }
        }
        return out;
    }

    /** D at φ, or the last one for an expensive D evaluated close enough (see the class comment). */
    private void updateNoise(double t, double[] phi) {
        if (diffusion.expensive() && Math.abs(t - noiseTime) <= REUSE_ALPHA) {
            double m = 0;
            double scale = 1;
            for (int i = 0; i < d; i++) {
                m = Math.max(m, Math.abs(phi[i] - noiseAt[i]));
                scale = Math.max(scale, Math.abs(phi[i]));
            }
            if (m <= REUSE_TOLERANCE * scale) {
                return;
            }
        }
        diffusion.diffusion(phi, noise);
        System.arraycopy(phi, 0, noiseAt, 0, d);
        noiseTime = t;
    }

    /** ∂F_i/∂Ω_j at y by central differences into {@code j} (row-major). */
    void jacobian(double[] y, double[] j) {
        for (int c = 0; c < d; c++) {
            double h = 1e-6 * (1 + Math.abs(y[c]));
            double keep = y[c];
            y[c] = keep + h;
            dynamics.derivatives(y, plus);
            y[c] = keep - h;
            dynamics.derivatives(y, minus);
            y[c] = keep;
            for (int r = 0; r < d; r++) {
                j[r * d + c] = (plus[r] - minus[r]) / (2 * h);
            }
        }
    }
}
