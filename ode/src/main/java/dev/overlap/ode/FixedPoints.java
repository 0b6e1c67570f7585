package dev.overlap.ode;

import java.util.Arrays;
import java.util.Comparator;

import org.hipparchus.complex.Complex;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

import dev.overlap.model.Overlaps;
import dev.overlap.model.SpecException;
import dev.overlap.model.StateLayout;
import dev.overlap.ode.events.DivergenceDetector;
import dev.overlap.ode.events.EventKind;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.LevelDetector;
import dev.overlap.ode.events.StateDetector;

/**
 * Fixed points of the overlap dynamics and their stability.
 */
public final class FixedPoints {

    private static final double CONVERGED = 1e-9;
    /** Residual at which the symmetric search hands over from integration to Newton's method. */
    private static final double SYMMETRIC_HANDOVER = 1e-6;

    private FixedPoints() {
    }

    /**
     * The plateau reached from a state: the fixed point of the unspecialised dynamics (R set to 0, an
     * invariant subspace) started from the state's Q. Found by integrating that dynamics until
     * max|dQ/dα| ≤ 1e-9 (1 + max|Q|), then polishing Q by Newton's method on dQ/dα = 0 (finite-difference
     * Jacobian). Stability is that of the full system, R directions included.
     *
     * <p>For the quadratic activation the same fixed point and spectrum come from the reduced, matrix-free route of
     * {@link IsotropicPlateau} (the eigenvalues of Q evolve on their own at R = 0; the Jacobian at Q = q I has three
     * blocks fixed by the rotation symmetry), in O(p) unknowns and p* + 2 Jacobian–vector products; the dense route
     * is the fallback where the eigenvalues do not settle to a common value.
     *
     * @return the fixed point, or null if R = 0 is not invariant ({@link #unspecialisedInvariant}) or the
     *         unspecialised dynamics diverges (no bounded plateau)
     */
    public static FixedPoint unspecialisedFrom(OverlapDynamics f, double[] y0) {
        return unspecialisedInvariant(f, y0) ? invariantUnspecialisedFrom(f, y0) : null;
    }

    /** {@link #unspecialisedFrom} where R = 0 is known to be invariant. */
    private static FixedPoint invariantUnspecialisedFrom(OverlapDynamics f, double[] y0) {
        if (IsotropicPlateau.applies(f)) {
            IsotropicPlateau.Result reduced = IsotropicPlateau.search(f, y0, divergenceRule(f, y0));
            if (reduced.outcome() != IsotropicPlateau.Outcome.UNDECIDED) {
                return reduced.point();
            }
        }
        return denseUnspecialisedFrom(f, y0);
    }

    /**
     * {@link #unspecialisedFrom} by the dense route for every activation: the full R = 0 dynamics integrated,
     * Newton on all of Q with the dense Jacobian, and the dense Jacobian's eigenvalues (R = 0 assumed invariant).
     */
    static FixedPoint denseUnspecialisedFrom(OverlapDynamics f, double[] y0) {
        StateLayout layout = f.layout();
        int mq = layout.qSize();
        double[] y = y0.clone();
        Arrays.fill(y, mq, y.length, 0.0);
        OverlapOde ode = new OverlapOde(f);
        double[] work = new double[y.length];
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(0, Double.POSITIVE_INFINITY, 1e-13, 1e-11);
        EventsLog log = new EventsLog();
        integrator.addEventDetector(new LevelDetector(EventKind.SETTLED,
                (alpha, x) -> convergence(f, x, work, mq)));
        integrator.addEventDetector(log.monitor(DivergenceDetector.onStudentNorms(divergenceRule(f, y0), layout)));
        double[] settled = y;
        // Already converged at the start (e.g. started on the plateau): the switching function is negative from
        // the outset and never changes sign, so the event would never stop the integration to α = 1e9.
        if (convergence(f, y, work, mq) > 0) {
            ODEStateAndDerivative end;
            try {
                end = integrator.integrate(ode, new ODEState(0, y), 1e9);
            } catch (MathRuntimeException e) {
                return null;
            }
            if (log.first(EventKind.DIVERGENCE, false) != null) {
                return null;
            }
            settled = end.getPrimaryState();
        }
        double[] ystar = newtonOnQ(f, settled, mq);
        return characterise(f, ystar);
    }

    /** The divergence rule of the fixed-point searches: the default factor on the start's scale. */
    private static DivergenceRule divergenceRule(OverlapDynamics f, double[] y0) {
        return DivergenceRule.of(DivergenceRule.DEFAULT_FACTOR, f.layout(), y0, f.teacherOverlap());
    }

    /** max|dQ/dα| − 1e-9 (1 + max|Q|): ≤ 0 once the unspecialised dynamics has settled. */
    private static double convergence(OverlapDynamics f, double[] x, double[] work, int mq) {
        f.derivatives(x, work);
        double m = 0;
        double big = 0;
        for (int i = 0; i < mq; i++) {
            m = Math.max(m, Math.abs(work[i]));
            big = Math.max(big, Math.abs(x[i]));
        }
        return m - CONVERGED * (1 + big);
    }

    /**
     * The plateau reached from a state, as the solver and the simulator define it: the R = 0 fixed point
     * ({@link #unspecialisedFrom}) where R = 0 is invariant, else the permutation-symmetric one
     * ({@link #symmetricFrom}) provided it is a saddle (a stable symmetric point is where learning ends, not a
     * plateau); null otherwise.
     *
     * @return the plateau fixed point with its characterisation, or null if the state leads to none
     */
    public static FixedPoint plateauFrom(OverlapDynamics f, double[] y0) {
        return plateauFrom(f, y0, unspecialisedInvariant(f, y0));
    }

    /** {@link #plateauFrom} with {@code invariant} = {@link #unspecialisedInvariant}(f, y0) already known. */
    static FixedPoint plateauFrom(OverlapDynamics f, double[] y0, boolean invariant) {
        if (invariant) {
            return invariantUnspecialisedFrom(f, y0);
        }
        if (permutationSymmetric(f.teacherOverlap())) {
            FixedPoint symmetric = symmetricFrom(f, y0);
            // a stable symmetric fixed point is where learning ends (e.g. p* = 1: all students on the teacher), not a
            // plateau
            return symmetric != null && symmetric.unstableDirections(1e-9) > 0 ? symmetric : null;
        }
        return saddleAlongPath(f, y0);
    }

    /** How far the speed must rise above its minimum for {@link #saddleAlongPath} to call the plateau left. */
    static final double LEFT_FACTOR = 5;

    /** Longest run {@link #saddleAlongPath} integrates while looking for the saddle passage. */
    static final double PATH_ALPHA_MAX = 1e5;

    /**
     * The saddle the trajectory from {@code y0} passes, for teachers without the permutation symmetry that
     * {@link #symmetricFrom} uses (nn2pp's Gaussian teacher). The full dynamics is integrated while recording the
     * speed v(α) = max|F(y)| / (1 + max|y|); the plateau is where v has its minimum before the trajectory leaves it
     * (v back above {@value #LEFT_FACTOR} v_min with ε_g at least 10 % below its value there); the run also ends once
     * ε_g is below 10⁻⁸ ε_g(0) (learnt: a plateau would have been left before) or at α = {@value #PATH_ALPHA_MAX}.
     * Newton's method (least squares through the SVD, so flat directions do not stop it) polishes that state to
     * max|F| ≤ 1e-13 (1 + max|y|).
     *
     * @return the fixed point if Newton converges to a saddle (at least one unstable direction) whose ε_g lies
     *         above the ε_g where the run ends; null otherwise (no plateau on this path)
     */
    public static FixedPoint saddleAlongPath(OverlapDynamics f, double[] y0) {
        SlowestPoint path = new SlowestPoint(f, y0);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12, PATH_ALPHA_MAX, 1e-12, 1e-10);
        integrator.setMaxEvaluations(2_000_000);
        integrator.addStepHandler(path);
        integrator.addEventDetector(new LevelDetector(EventKind.LEVEL, path::leftOrLearnt));
        integrator.addEventDetector(DivergenceDetector.onStudentNorms(divergenceRule(f, y0), f.layout())
                .withHandler(StateDetector.STOP));
        try {
            integrator.integrate(new OverlapOde(f), new ODEState(0.0, y0.clone()), PATH_ALPHA_MAX);
        } catch (MathRuntimeException e) {
            return null;
        }
        double lastEps = path.lastEps;
        double[] y = path.slowest.clone();
        double[] fy = new double[y.length];
        for (int it = 0; it < 60; it++) {
            f.derivatives(y, fy);
            double fmax = 0;
            double ymax = 0;
            for (int i = 0; i < y.length; i++) {
                fmax = Math.max(fmax, Math.abs(fy[i]));
                ymax = Math.max(ymax, Math.abs(y[i]));
            }
            if (!Double.isFinite(fmax)) {
                return null;
            }
            if (fmax <= 1e-13 * (1 + ymax)) {
                FixedPoint point = characterise(f, y);
                return point.unstableDirections(1e-9) > 0 && point.epsG() > lastEps ? point : null;
            }
            double[] step = new org.hipparchus.linear.SingularValueDecomposition(jacobian(f, y)).getSolver()
                    .solve(MatrixUtils.createRealVector(fy)).toArray();
            for (int i = 0; i < y.length; i++) {
                y[i] -= step[i];
            }
        }
        return null;
    }

    /**
     * The state of least speed along a path, recorded at every step end, with ε_g there and at the last step; its
     * {@link #leftOrLearnt} is the stopping function of {@link #saddleAlongPath}.
     */
    private static final class SlowestPoint implements ODEStepHandler {
        private final OverlapDynamics f;
        private final double[] work;
        private final double[] slowest;
        private final double startEps;
        private double slowestSpeed = Double.POSITIVE_INFINITY;
        private double slowestEps;
        private double lastEps;

        SlowestPoint(OverlapDynamics f, double[] y0) {
            this.f = f;
            this.work = new double[y0.length];
            this.slowest = y0.clone();
            this.slowestEps = f.generalisationError(y0);
            this.lastEps = slowestEps;
            this.startEps = Math.max(slowestEps, Double.MIN_NORMAL);
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            double[] y = interpolator.getCurrentState().getPrimaryState();
            double speed = speed(f, y, work);
            lastEps = f.generalisationError(y);
            if (speed < slowestSpeed) {
                slowestSpeed = speed;
                slowestEps = lastEps;
                System.arraycopy(y, 0, slowest, 0, y.length);
            }
        }

        /** −1 once the path has left the slowest point (speed ×{@value #LEFT_FACTOR}, ε_g −10 %) or learnt, else 1. */
        double leftOrLearnt(double alpha, double[] y) {
            double eps = f.generalisationError(y);
            boolean left = speed(f, y, work) > LEFT_FACTOR * slowestSpeed && eps < 0.9 * slowestEps;
            boolean learnt = eps < 1e-8 * startEps;
            return left || learnt ? -1 : 1;
        }
    }

    /** The speed max|F(y)| / (1 + max|y|) of the path at y ({@code work} receives F(y)). */
    private static double speed(OverlapDynamics f, double[] y, double[] work) {
        f.derivatives(y, work);
        double fmax = 0;
        double ymax = 0;
        for (int i = 0; i < y.length; i++) {
            fmax = Math.max(fmax, Math.abs(work[i]));
            ymax = Math.max(ymax, Math.abs(y[i]));
        }
        return fmax / (1 + ymax);
    }

    /** Whether T has equal diagonal and equal off-diagonal entries (to 1e-12 relative). */
    static boolean permutationSymmetric(double[][] t) {
        int ps = t.length;
        double tol = 1e-12 * Math.max(1, Math.abs(t[0][0]));
        for (int r = 0; r < ps; r++) {
            for (int s = 0; s < ps; s++) {
                double ref = r == s ? t[0][0] : t[0][Math.min(1, ps - 1)];
                if (Math.abs(t[r][s] - ref) > tol) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The symmetric (unspecialised) fixed point reached from a state, for dynamics where R = 0 is not
     * invariant (erf, odd polynomials): the permutation-symmetric subspace Q_aa = q, Q_ab = c (a ≠ b),
     * R_ar = r is invariant when T is permutation-symmetric (equal diagonal, equal off-diagonal entries).
     * The state is projected onto it (q, c, r = the means of the diagonal, off-diagonal and R entries), the
     * reduced ODE (the full right-hand side averaged over each class) is integrated to
     * max|d(q,c,r)/dα| ≤ 1e-6 (1 + max|q,c,r|) (its slowest stable modes can be very slow), Newton's method
     * polishes (q, c, r) to a residual below 1e-15, and the full Jacobian gives
     * the stability. This is the symmetric plateau of Saad &amp; Solla (1995) for the soft committee machine.
     *
     * @return the fixed point, or null if T is not permutation-symmetric or the reduced dynamics diverges
     */
    public static FixedPoint symmetricFrom(OverlapDynamics f, double[] y0) {
        if (!permutationSymmetric(f.teacherOverlap())) {
            return null;
        }
        Symmetric sym = new Symmetric(f);
        double[] z = sym.project(y0);
        double scale = 1;
        for (double v : z) {
            scale = Math.max(scale, Math.abs(v));
        }
        DivergenceRule rule = new DivergenceRule(DivergenceRule.DEFAULT_FACTOR, scale);
        org.hipparchus.ode.OrdinaryDifferentialEquation reduced = new org.hipparchus.ode.OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return z.length;
            }

            @Override
            public double[] computeDerivatives(double time, double[] x) {
                return sym.derivatives(x);
            }
        };
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(0, Double.POSITIVE_INFINITY, 1e-13, 1e-11);
        EventsLog log = new EventsLog();
        integrator.addEventDetector(new LevelDetector(EventKind.SETTLED, (alpha, x) -> sym.convergence(x)));
        integrator.addEventDetector(log.monitor(DivergenceDetector.onLargestEntry(rule)));
        double[] settled = z;
        if (sym.convergence(z) > 0) {
            try {
                settled = integrator.integrate(reduced, new ODEState(0, z), 1e9).getPrimaryState();
            } catch (MathRuntimeException e) {
                return null;
            }
            if (log.first(EventKind.DIVERGENCE, false) != null) {
                return null;
            }
        }
        double[] polished = newton(sym, settled, 30);
        return characterise(f, sym.expand(polished));
    }

    /** The permutation-symmetric subspace (q, c, r) of the flat state and the reduced dynamics on it. */
    private static final class Symmetric implements NewtonSystem {
        private final OverlapDynamics f;
        private final int p;
        private final int ps;
        private final int dim;
        private final StateLayout layout;
        private final double[] full;
        private final double[] fullDot;

        Symmetric(OverlapDynamics f) {
            this.f = f;
            this.p = f.spec().p();
            this.ps = f.spec().pstar();
            this.dim = p > 1 ? 3 : 2;
            this.layout = f.layout();
            this.full = new double[f.dimension()];
            this.fullDot = new double[f.dimension()];
        }

        double[] project(double[] y) {
            double q = 0;
            double c = 0;
            double r = 0;
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    if (a == b) {
                        q += y[layout.q(a, b)] / p;
                    } else {
                        c += y[layout.q(a, b)] / (p * (p - 1) / 2.0);
                    }
                }
            }
            for (int k = layout.qSize(); k < y.length; k++) {
                r += y[k] / (p * ps);
            }
            return p > 1 ? new double[] {q, c, r} : new double[] {q, r};
        }

        double[] expand(double[] z) {
            double[] y = new double[full.length];
            fill(z, y);
            return y;
        }

        private void fill(double[] z, double[] y) {
            double q = z[0];
            double c = p > 1 ? z[1] : 0;
            double r = z[dim - 1];
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    y[layout.q(a, b)] = a == b ? q : c;
                }
            }
            for (int k = layout.qSize(); k < y.length; k++) {
                y[k] = r;
            }
        }

        double[] derivatives(double[] z) {
            fill(z, full);
            f.derivatives(full, fullDot);
            return project(fullDot);
        }

        double convergence(double[] z) {
            double[] d = derivatives(z);
            double m = 0;
            double big = 0;
            for (int i = 0; i < z.length; i++) {
                m = Math.max(m, Math.abs(d[i]));
                big = Math.max(big, Math.abs(z[i]));
            }
            return m - SYMMETRIC_HANDOVER * (1 + big);
        }

        @Override
        public double[] residual(double[] z) {
            return derivatives(z);
        }

        /** Central differences with steps h = 1e-7 (1 + |z_col|). */
        @Override
        public RealMatrix jacobian(double[] z) {
            RealMatrix j = MatrixUtils.createRealMatrix(dim, dim);
            for (int col = 0; col < dim; col++) {
                double h = 1e-7 * (1 + Math.abs(z[col]));
                double[] zp = z.clone();
                double[] zm = z.clone();
                zp[col] += h;
                zm[col] -= h;
                double[] fp = derivatives(zp);
                double[] fm = derivatives(zm);
                for (int row = 0; row < dim; row++) {
                    j.setEntry(row, col, (fp[row] - fm[row]) / (2 * h));
                }
            }
            return j;
        }
    }

    /**
     * The fixed point at y (assumed), with ε_g, residual and Jacobian eigenvalues.
     *
     * @return the fixed point at y: ε_g, the residual ‖F(y)‖ and the eigenvalues of the Jacobian
     * @throws SpecException if the Jacobian at y has entries that are not finite: the overlaps are too large for
     *         double precision (e.g. a start with Q of order 10¹⁵⁰, whose right-hand side, cubic in Q, overflows)
     */
    public static FixedPoint characterise(OverlapDynamics f, double[] y) {
        double[] fy = new double[y.length];
        f.derivatives(y, fy);
        double res = 0;
        for (double v : fy) {
            res = Math.max(res, Math.abs(v));
        }
        RealMatrix jac = jacobian(f, y);
        for (int r = 0; r < jac.getRowDimension(); r++) {
            for (int c = 0; c < jac.getColumnDimension(); c++) {
                if (!Double.isFinite(jac.getEntry(r, c))) {
                    throw new SpecException("the overlap ODE overflows double precision at the fixed point reached "
                            + "from this start (its Jacobian has non-finite entries): the initial overlaps are too "
                            + "large; start from overlaps of order 1 (a smaller σ₀, q₀ or state file)");
                }
            }
        }
        Complex[] ev = eigenvalues(jac);
        Arrays.sort(ev, Comparator.comparingDouble(Complex::getReal).reversed());
        return new FixedPoint(y.clone(), f.generalisationError(y), res, ev);
    }

    /**
     * Eigenvalues of a real square matrix. Hipparchus' Schur iteration can stall on matrices with the exact
     * degeneracies of symmetric fixed points; then it is retried on J + δE with E a fixed pseudo-random matrix
     * and δ = 1e-12 ‖J‖₁ (then ×10 up to 1e-8): simple eigenvalues move by O(δ), a 2×2 Jordan block by O(√δ).
     * J is first scaled by a power of two to max-norm order 1 (exactly, and undone on the eigenvalues), so that a
     * tiny learning rate (entries near 10⁻²⁰⁰, whose products underflow) does not stall the iteration.
     */
    static Complex[] eigenvalues(RealMatrix j) {
        double max = 0;
        for (int r = 0; r < j.getRowDimension(); r++) {
            for (int c = 0; c < j.getColumnDimension(); c++) {
                max = Math.max(max, Math.abs(j.getEntry(r, c)));
            }
        }
        if (max == 0 || !Double.isFinite(max)) {
            return unscaledEigenvalues(j);
        }
        int exponent = Math.getExponent(max);
        Complex[] ev = unscaledEigenvalues(j.scalarMultiply(Math.scalb(1.0, -exponent)));
        for (int i = 0; i < ev.length; i++) {
            ev[i] = new Complex(Math.scalb(ev[i].getReal(), exponent), Math.scalb(ev[i].getImaginary(), exponent));
        }
        return ev;
    }

    private static Complex[] unscaledEigenvalues(RealMatrix j) {
        try {
            return new EigenDecompositionNonSymmetric(j).getEigenvalues().clone();
        } catch (MathRuntimeException first) {
            int n = j.getRowDimension();
            java.util.Random rng = new java.util.Random(12345);
            RealMatrix e = MatrixUtils.createRealMatrix(n, n);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    e.setEntry(r, c, rng.nextGaussian() / Math.sqrt(n));
                }
            }
            double norm = Math.max(j.getNorm1(), Double.MIN_NORMAL);
            for (double delta = 1e-12; delta <= 1.1e-8; delta *= 10) {
                try {
                    return new EigenDecompositionNonSymmetric(j.add(e.scalarMultiply(delta * norm))).getEigenvalues()
                            .clone();
                } catch (MathRuntimeException again) {
                    // try a larger perturbation
                }
            }
            throw first;
        }
    }

    /**
     * The Jacobian ∂F/∂y at y: exact where the dynamics provides it, else central differences.
     *
     * @return the d×d Jacobian matrix ∂F_i/∂y_j at y, d the state dimension
     */
    public static RealMatrix jacobian(OverlapDynamics f, double[] y) {
        return MatrixUtils.createRealMatrix(f.jacobian(y));
    }

    /**
     * Whether R = 0 is invariant at the state's Q: dR/dα vanishes there (to 1e-13 relative). It is for every
     * even activation; a polynomial with odd terms (σ(z) = z + z² …) drives R away from 0 at once, and then
     * the dynamics has no unspecialised plateau.
     *
     * @return true if dR/dα vanishes at R = 0 with the state's Q
     */
    public static boolean unspecialisedInvariant(OverlapDynamics f, double[] y0) {
        int mq = f.layout().qSize();
        double[] y = y0.clone();
        java.util.Arrays.fill(y, mq, y.length, 0.0);
        double[] dy = new double[y.length];
        f.derivatives(y, dy);
        double scale = 0;
        double drift = 0;
        for (int i = 0; i < y.length; i++) {
            if (i < mq) {
                scale = Math.max(scale, Math.abs(dy[i]));
            } else {
                drift = Math.max(drift, Math.abs(dy[i]));
            }
        }
        return drift <= 1e-13 * Math.max(1.0, scale);
    }

    /** A square system F(x) = 0 for {@link #newton}. */
    private interface NewtonSystem {
        /** F(x). */
        double[] residual(double[] x);

        /** ∂F/∂x at x. */
        RealMatrix jacobian(double[] x);
    }

    /**
     * Newton's method x ← x − J(x)⁻¹ F(x) (LU), started at {@code start}, for at most {@code iterations} steps: it
     * stops once max|F| &lt; 1e-15, when J is singular, or when a step would not lower max|F| (that step is not
     * taken).
     *
     * @return the last accepted x
     */
    private static double[] newton(NewtonSystem system, double[] start, int iterations) {
        double[] x = start.clone();
        for (int it = 0; it < iterations; it++) {
            double[] fx = system.residual(x);
            double norm = maxAbs(fx);
            if (norm < 1e-15) {
                break;
            }
            double[] rhs = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                rhs[i] = -fx[i];
            }
            double[] step;
            try {
                step = new LUDecomposition(system.jacobian(x)).getSolver().solve(MatrixUtils.createRealVector(rhs))
                        .toArray();
            } catch (MathRuntimeException e) {
                break;
            }
            double[] trial = x.clone();
            for (int i = 0; i < x.length; i++) {
                trial[i] += step[i];
            }
            if (!(maxAbs(system.residual(trial)) < norm)) {
                break;
            }
            x = trial;
        }
        return x;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * Newton's method on dQ/dα = 0 for the Q block of the state (R held at its value in {@code start}), with the
     * Q–Q block of the Jacobian, at most 20 steps.
     */
    private static double[] newtonOnQ(OverlapDynamics f, double[] start, int mq) {
        double[] y = start.clone();
        double[] fy = new double[y.length];
        NewtonSystem onQ = new NewtonSystem() {
            @Override
            public double[] residual(double[] q) {
                System.arraycopy(q, 0, y, 0, mq);
                f.derivatives(y, fy);
                return Arrays.copyOf(fy, mq);
            }

            @Override
            public RealMatrix jacobian(double[] q) {
                System.arraycopy(q, 0, y, 0, mq);
                return FixedPoints.jacobian(f, y).getSubMatrix(0, mq - 1, 0, mq - 1);
            }
        };
        double[] q = newton(onQ, Arrays.copyOf(start, mq), 20);
        System.arraycopy(q, 0, y, 0, mq);
        return y;
    }

    /** Convenience: overlaps of a flat state. */
    static Overlaps overlaps(OverlapDynamics f, double[] y) {
        return Overlaps.fromState(f.spec().p(), f.spec().pstar(), y, f.teacherOverlap());
    }
}
