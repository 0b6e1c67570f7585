package dev.overlap.ode.finiten;

import java.util.function.DoubleFunction;

import java.util.List;

import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

import dev.overlap.ode.ClampedCholesky;
import dev.overlap.ode.OverlapDynamics;

/**
 * The ODE together with its linear-noise covariance and the O(1/N) shift of the mean: for
 * Ω = φ + N^-½ ξ + N^-1 μ + …, to leading order
 * <pre>
 *   dφ/dα = F(φ),     dΣ/dα = J Σ + Σ Jᵀ + D(φ),     dμ/dα = J μ + ½ Σ_kl (∂²F/∂Ω_k∂Ω_l) Σ_kl,
 * </pre>
 * J = ∂F/∂Ω at φ, Σ = Cov(ξ), μ = N (E Ω − φ), as one Hipparchus ODE on the state (φ, Σ, μ) (Σ stored in full, d²
 * entries, row-major, then μ). J is taken by central differences of F with steps h_j = 10⁻⁶ (1 + |φ_j|); the
 * curvature term as Σ_e |l_e|² (F(φ + h u_e) − 2F(φ) + F(φ − h u_e))/(2h²) over the columns l_e = |l_e| u_e of the
 * Cholesky factor of Σ (Σ = Σ_e l_e l_eᵀ), h = 10⁻⁴, which is the same contraction. The Cholesky factor is a smooth
 * function of Σ, so the right-hand side stays smooth in α (eigenvectors, which jump where eigenvalues cross, left a
 * noise of the size of the O(h²) truncation error, which the step-size control of erf's path could not get past).
 * The drift is the ODE of the spec (its η² switch must be on for SGD).
 * An {@linkplain Diffusion#expensive() expensive} D (quadrature) is taken along the path φ(α), known in advance since
 * its equation does not involve Σ, tabulated and interpolated in α ({@link DiffusionAlongPath}): this keeps the erf
 * theory to seconds and the right-hand side continuous. Not thread-safe.
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
    private final double[] factor;
    private final double[] sigma;
    private final DiffusionAlongPath alongPath;

    /**
     * The equations for the path from α₀.
     *
     * @param dynamics  the drift F
     * @param diffusion D
     * @param path      α ↦ φ(α) from α₀ on, the solution of dφ/dα = F(φ) this state will follow (used only for an
     *                  expensive D)
     * @param alpha0    where the path and the integration start
     */
    public LinearNoise(OverlapDynamics dynamics, Diffusion diffusion, DoubleFunction<double[]> path, double alpha0) {
        this.dynamics = dynamics;
        this.diffusion = diffusion;
        this.d = dynamics.dimension();
        this.out = new double[2 * d + d * d];
        this.centre = new double[d];
        this.factor = new double[d * d];
        this.sigma = new double[d * d];
        this.jac = new double[d * d];
        this.noise = new double[d * d];
        this.x = new double[d];
        this.plus = new double[d];
        this.minus = new double[d];
        this.alongPath = diffusion.expensive() ? new DiffusionAlongPath(diffusion, path, alpha0) : null;
    }

    /** Length in α of one chunk of {@link #integrate}. */
    static final double CHUNK_ALPHA = 2;
    /** Relative tolerance of {@link #integrate}; also its absolute tolerance of φ and, scaled, of Σ and μ. */
    static final double TOLERANCE = 1e-9;

    /**
     * Integrates (φ, Σ, μ) from α₀ to {@code to} (Dormand–Prince 8(5,3)), or until a detector stops it, with the
     * steps going to {@code out}. The integration runs in chunks of {@value #CHUNK_ALPHA} in α; before each chunk the
     * absolute tolerance of the entries of Σ and μ is set to {@value #TOLERANCE} × max(1, max_i Σ_ii, max_i |μ_i|) (that
     * of φ stays {@value #TOLERANCE}, the relative one is {@value #TOLERANCE} throughout). Σ grows like e^{2γα} in
     * unstable directions while entries that vanish by symmetry stay at the rounding level of that size: a fixed
     * absolute tolerance would make the step size fall like 1/max Σ_ii.
     *
     * @return the final state
     */
    public static ODEStateAndDerivative integrate(LinearNoise ode, double alpha0, double[] state, double to,
            List<ODEEventDetector> detectors, DenseOutputModel out) {
        int d = ode.d;
        int n = ode.getDimension();
        double[] abs = new double[n];
        double[] rel = new double[n];
        java.util.Arrays.fill(rel, TOLERANCE);
        double t = alpha0;
        double[] y = state.clone();
        ODEStateAndDerivative end = null;
        while (t < to) {
            double scale = 1;
            for (int i = 0; i < d; i++) {
                scale = Math.max(scale, Math.abs(y[d + i * d + i]));
                scale = Math.max(scale, Math.abs(y[d + d * d + i]));
            }
            for (int i = 0; i < n; i++) {
                abs[i] = i < d ? TOLERANCE : TOLERANCE * scale;
            }
            DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-10, 50, abs, rel);
            for (ODEEventDetector e : detectors) {
                integrator.addEventDetector(e);
            }
            DenseOutputModel chunk = new DenseOutputModel();
            integrator.addStepHandler(chunk);
            double target = Math.min(to, t + CHUNK_ALPHA);
            end = integrator.integrate(ode, new ODEState(t, y), target);
            out.append(chunk);
            y = end.getPrimaryState();
            if (end.getTime() < target) {
                break;
            }
            t = target;
        }
        return end;
    }

    /**
     * The combined state (φ, Σ, μ = 0) from a state and a covariance.
     *
     * @return a new array (φ, upper triangle of Σ, zeros for μ)
     */
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
        choleskyColumns(y);
        double h = 1e-4;
        for (int e = 0; e < d; e++) {
            double norm2 = 0;
            for (int i = 0; i < d; i++) {
                norm2 += factor[i * d + e] * factor[i * d + e];
            }
            if (norm2 == 0) {
                continue;
            }
            double scale = h / Math.sqrt(norm2);
            for (int i = 0; i < d; i++) {
                x[i] = y[i] + scale * factor[i * d + e];
            }
            dynamics.derivatives(x, plus);
            for (int i = 0; i < d; i++) {
                x[i] = y[i] - scale * factor[i * d + e];
            }
            dynamics.derivatives(x, minus);
            double c = norm2 / (2 * h * h);
            for (int i = 0; i < d; i++) {
                out[mu + i] += c * (plus[i] - 2 * centre[i] + minus[i]);
            }
        }
        return out;
    }

    /** D at φ, or along the path for an expensive D (see the class comment). */
    private void updateNoise(double t, double[] phi) {
        if (alongPath != null) {
            alongPath.at(t, noise);
        } else {
            diffusion.diffusion(phi, noise);
        }
    }

    /** The lower Cholesky factor of sym(Σ) (Σ read from the combined state) into {@link #factor}. */
    private void choleskyColumns(double[] y) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                sigma[i * d + j] = 0.5 * (y[d + i * d + j] + y[d + j * d + i]);
            }
        }
        ClampedCholesky.factor(sigma, d, factor);
    }

    /** ∂F_i/∂Ω_j at y by central differences into {@code j} (row-major). */
    void jacobian(double[] y, double[] j) {
        jacobian(dynamics, y, j, plus, minus);
    }

    /**
     * ∂F_i/∂Ω_j at y by central differences with steps h_j = 10⁻⁶ (1 + |y_j|) into {@code j} (row-major), using the
     * two buffers of length d; y is restored.
     */
    static void jacobian(OverlapDynamics dynamics, double[] y, double[] j, double[] plus, double[] minus) {
        int d = dynamics.dimension();
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
