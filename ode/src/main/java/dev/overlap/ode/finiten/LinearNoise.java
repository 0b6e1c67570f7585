package dev.overlap.ode.finiten;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

import dev.overlap.ode.OverlapDynamics;

/**
 * The ODE together with its linear-noise covariance: for Ω = φ + N^-½ ξ, to leading order
 * <pre>
 *   dφ/dα = F(φ),     dΣ/dα = J Σ + Σ Jᵀ + D(φ),     J = ∂F/∂Ω at φ,   Σ = Cov(ξ),
 * </pre>
 * as one Hipparchus ODE on the state (φ, Σ) (Σ stored in full, d² entries, row-major). J is taken by central
 * differences of F with steps h_j = 10⁻⁶ (1 + |φ_j|) (exact Jacobians are not needed at this accuracy). The
 * drift is the ODE of the spec (its η² switch must be on for SGD). Allocates nothing per evaluation; not
 * thread-safe.
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

    public LinearNoise(OverlapDynamics dynamics, Diffusion diffusion) {
        this.dynamics = dynamics;
        this.diffusion = diffusion;
        this.d = dynamics.dimension();
        this.out = new double[d + d * d];
        this.jac = new double[d * d];
        this.noise = new double[d * d];
        this.x = new double[d];
        this.plus = new double[d];
        this.minus = new double[d];
    }

    /** The combined state (φ, Σ) from a state and a covariance. */
    public static double[] pack(double[] phi, double[] sigma) {
        double[] s = new double[phi.length + sigma.length];
        System.arraycopy(phi, 0, s, 0, phi.length);
        System.arraycopy(sigma, 0, s, phi.length, sigma.length);
        return s;
    }

    @Override
    public int getDimension() {
        return d + d * d;
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        System.arraycopy(y, 0, x, 0, d);
        dynamics.derivatives(x, out);
        jacobian(x, jac);
        diffusion.diffusion(x, noise);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = noise[i * d + j];
                for (int k = 0; k < d; k++) {
                    v += jac[i * d + k] * y[d + k * d + j] + y[d + i * d + k] * jac[j * d + k];
                }
                out[d + i * d + j] = v;
            }
        }
        return out;
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
