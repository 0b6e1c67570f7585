package dev.overlap.ode;

import java.util.Arrays;
import java.util.Comparator;

import org.hipparchus.complex.Complex;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StateLayout;
import dev.overlap.ode.events.DivergenceDetector;
import dev.overlap.ode.events.EventKind;
import dev.overlap.ode.events.EventsLog;
import dev.overlap.ode.events.LevelDetector;

/**
 * The unspecialised plateau of the quadratic model found in O(p) unknowns instead of the p(p+1)/2 of the dense
 * search ({@link FixedPoints#unspecialisedFrom}), with its Jacobian spectrum from p* + 2 Jacobian–vector products
 * instead of a dense (p(p+1)/2 + p p*)² eigenproblem.
 *
 * <h2>Why it is exact</h2>
 * The quadratic network ŷ = κ_s Σ_a (w_a·x)²/N = κ_s xᵀWᵀWx/N is unchanged by W → OW for every orthogonal O
 * (p×p), so its overlap dynamics is equivariant: F(OQOᵀ, OR) = (O F_Q Oᵀ, O F_R). At R = 0 (invariant) the Q
 * dynamics therefore keeps the eigenvectors of Q(0) = V diag(λ(0)) Vᵀ fixed, Q(α) = V diag(λ(α)) Vᵀ, and the
 * eigenvalues obey the p-dimensional system dλ_a/dα = [F_Q(diag λ, R = 0)]_aa (the right-hand side at a
 * diagonal state is diagonal; in O(p) per evaluation for the closed form,
 * {@link QuadraticClosedFormDynamics#eigenvalueRates}). That system is integrated with the dense search's tolerances and stopping rules;
 * where it settles with all λ_a equal (the plateau Q* = q I of {@link PlateauTheory}), q is polished by Newton's
 * method on the scalar equation [F_Q(q I, 0)]_11 = 0 to a residual below 1e-15.
 *
 * <p><b>Spectrum.</b> At y* = (q I, 0) the Jacobian commutes with the action of O(p). It is block diagonal (dR/dα
 * is linear in R and dQ/dα depends on R only quadratically), and Schur's lemma fixes each block: on Q it is a
 * scalar μ_iso on the isotropic direction I and a scalar μ_0 on the p(p+1)/2 − 1 traceless symmetric directions;
 * on R it is I_p ⊗ M for a p*×p* matrix M, whose eigenvalues are therefore each p-fold. μ_iso, μ_0 and the columns
 * of M are central-difference Jacobian–vector products (steps h_j = 1e-6 (1 + |y_j|), as the dense Jacobian)
 * along I, along E = e₁e₂ᵀ + e₂e₁ᵀ and along the rows e₁ ⊗ e_r of R. Each product is checked to be an
 * eigenvector image (no component outside its block, to 1e-6 of its size); if a check fails, or the eigenvalues
 * do not settle together, the caller falls back to the dense route.
 */
final class IsotropicPlateau {

    /** The plateau, or the reason the reduced route could not decide. */
    enum Outcome {
        /** The plateau was found: {@link Result#point()}. */
        FOUND,
        /** The reduced dynamics diverges or fails: there is no bounded plateau (as on the dense route). */
        NONE,
        /** The eigenvalues did not settle to one value, or the symmetry checks failed: use the dense route. */
        UNDECIDED
    }

    /** The outcome and, if found, the fixed point. */
    record Result(Outcome outcome, FixedPoint point) {
    }

    private static final double CONVERGED = 1e-9;
    /**
     * Largest spread of the settled eigenvalues, relative to 1 + max|λ|, for the plateau to count as isotropic. Once
     * max|dλ/dα| ≤ 1e-9 (1 + max|λ|) the eigenvalues lie within about that rate over the traceless decay rate μ_0 of
     * the fixed point, μ_0 = −8ηκ_s² q* for gradient flow: 2·10⁻⁶ at p = 300 with η̃ = 0.05 (mean normalisation),
     * growing like p. The other fixed points of the eigenvalue dynamics (λ_a = 0, or the other root of the
     * plateau's quadratic) are O(q*) away, so 10⁻³ separates the two cases with room to spare.
     */
    private static final double ISOTROPIC = 1e-3;
    /** Largest relative component of a Jacobian–vector product outside its symmetry block. */
    private static final double BLOCK_CHECK = 1e-6;

    private IsotropicPlateau() {
    }

    /** Whether the reduced route applies: the quadratic activation (student rotation symmetry), p ≥ 1. */
    static boolean applies(OverlapDynamics f) {
        return ActivationTheory.of(f.spec().activation()).rotationSymmetric();
    }

    /**
     * The plateau reached from y0's Q with R set to 0 (the caller has checked that R = 0 is invariant).
     *
     * @param rule the divergence rule of the dense route, applied to max|λ|
     */
    static Result search(OverlapDynamics f, double[] y0, DivergenceRule rule) {
        double[] lambda = new EigenDecompositionSymmetric(studentOverlap(y0, f.layout())).getEigenvalues();
        Reduced reduced = new Reduced(f);
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(0, Double.POSITIVE_INFINITY, 1e-13, 1e-11);
        EventsLog log = new EventsLog();
        integrator.addEventDetector(new LevelDetector(EventKind.SETTLED, (alpha, x) -> reduced.convergence(x)));
        integrator.addEventDetector(log.monitor(DivergenceDetector.onLargestEntry(rule)));
        double[] settled = lambda;
        if (reduced.convergence(lambda) > 0) {
            try {
                settled = integrator.integrate(reduced, new ODEState(0, lambda), 1e9).getPrimaryState();
            } catch (MathRuntimeException e) {
                return new Result(Outcome.NONE, null);
            }
            if (log.first(EventKind.DIVERGENCE, false) != null) {
                return new Result(Outcome.NONE, null);
            }
        }
        double lo = Arrays.stream(settled).min().orElseThrow();
        double hi = Arrays.stream(settled).max().orElseThrow();
        if (hi - lo > ISOTROPIC * (1 + maxAbs(settled))) {
            return new Result(Outcome.UNDECIDED, null);
        }
        double q = reduced.newton(Arrays.stream(settled).average().orElseThrow());
        double[] y = isotropicState(f, q);
        Complex[] ev = spectrum(f, y);
        if (ev == null) {
            return new Result(Outcome.UNDECIDED, null);
        }
        double[] fy = new double[y.length];
        f.derivatives(y, fy);
        return new Result(Outcome.FOUND, new FixedPoint(y, f.generalisationError(y), maxAbs(fy), ev));
    }

    /**
     * The Jacobian eigenvalues at an isotropic state y = (q I, R = 0), sorted by decreasing real part, with their
     * multiplicities (1 for μ_iso, p(p+1)/2 − 1 for μ_0, p for each eigenvalue of M); null if a Jacobian–vector
     * product leaves its symmetry block.
     */
    static Complex[] spectrum(OverlapDynamics f, double[] y) {
        int p = f.spec().p();
        int ps = f.spec().pstar();
        StateLayout layout = f.layout();
        int mq = layout.qSize();
        Complex[] ev = new Complex[y.length];
        int k = 0;
        double[] iso = new double[y.length];
        for (int a = 0; a < p; a++) {
            iso[layout.diagonal(a)] = 1;
        }
        double[] jIso = jvp(f, y, iso);
        double muIso = jIso[layout.diagonal(0)];
        if (!proportional(jIso, iso, muIso)) {
            return null;
        }
        ev[k++] = new Complex(muIso);
        if (p > 1) {
            double[] off = new double[y.length];
            off[layout.q(0, 1)] = 1;
            double[] jOff = jvp(f, y, off);
            double mu0 = jOff[layout.q(0, 1)];
            if (!proportional(jOff, off, mu0)) {
                return null;
            }
            for (int i = 0; i < mq - 1; i++) {
                ev[k++] = new Complex(mu0);
            }
        }
        RealMatrix m = MatrixUtils.createRealMatrix(ps, ps);
        for (int r = 0; r < ps; r++) {
            double[] dir = new double[y.length];
            dir[mq + r] = 1;
            double[] jr = jvp(f, y, dir);
            double size = 0;
            double outside = 0;
            for (int i = 0; i < y.length; i++) {
                boolean inRow = i >= mq && i < mq + ps;
                if (inRow) {
                    m.setEntry(i - mq, r, jr[i]);
                    size = Math.max(size, Math.abs(jr[i]));
                } else {
                    outside = Math.max(outside, Math.abs(jr[i]));
                }
            }
            if (outside > BLOCK_CHECK * Math.max(size, Double.MIN_NORMAL)) {
                return null;
            }
        }
        for (Complex z : FixedPoints.eigenvalues(m)) {
            for (int a = 0; a < p; a++) {
                ev[k++] = z;
            }
        }
        Arrays.sort(ev, Comparator.comparingDouble(Complex::getReal).reversed());
        return ev;
    }

    /** Whether J v = μ v up to {@link #BLOCK_CHECK} of the largest entry of J v. */
    private static boolean proportional(double[] jv, double[] v, double mu) {
        double size = Math.max(maxAbs(jv), Double.MIN_NORMAL);
        for (int i = 0; i < jv.length; i++) {
            if (Math.abs(jv[i] - mu * v[i]) > BLOCK_CHECK * size) {
                return false;
            }
        }
        return true;
    }

    /** J v by central differences with steps h_j = 1e-6 (1 + |y_j|) along v (v has entries 0 and 1). */
    private static double[] jvp(OverlapDynamics f, double[] y, double[] v) {
        double[] plus = y.clone();
        double[] minus = y.clone();
        double h = 0;
        for (int i = 0; i < y.length; i++) {
            if (v[i] != 0) {
                h = Math.max(h, 1e-6 * (1 + Math.abs(y[i])));
            }
        }
        for (int i = 0; i < y.length; i++) {
            plus[i] += h * v[i];
            minus[i] -= h * v[i];
        }
        double[] fp = new double[y.length];
        double[] fm = new double[y.length];
        f.derivatives(plus, fp);
        f.derivatives(minus, fm);
        for (int i = 0; i < y.length; i++) {
            fp[i] = (fp[i] - fm[i]) / (2 * h);
        }
        return fp;
    }

    /** The flat state Q = q I, R = 0. */
    static double[] isotropicState(OverlapDynamics f, double q) {
        int p = f.spec().p();
        StateLayout layout = f.layout();
        double[] y = new double[f.dimension()];
        for (int a = 0; a < p; a++) {
            y[layout.diagonal(a)] = q;
        }
        return y;
    }

    private static RealMatrix studentOverlap(double[] y, StateLayout layout) {
        int p = layout.p();
        RealMatrix q = MatrixUtils.createRealMatrix(p, p);
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                q.setEntry(a, b, y[layout.q(a, b)]);
                q.setEntry(b, a, y[layout.q(a, b)]);
            }
        }
        return q;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Double.isFinite(v) ? Math.max(m, Math.abs(v)) : Double.POSITIVE_INFINITY;
        }
        return m;
    }

    /** dλ_a/dα = [F_Q(diag λ, R = 0)]_aa: the eigenvalue dynamics of Q at R = 0. */
    private static final class Reduced implements OrdinaryDifferentialEquation {
        private final OverlapDynamics f;
        private final int p;
        private final double[] full;
        private final double[] fullDot;
        private final StateLayout layout;

        Reduced(OverlapDynamics f) {
            this.f = f;
            this.p = f.spec().p();
            this.layout = f.layout();
            this.full = new double[f.dimension()];
            this.fullDot = new double[f.dimension()];
        }

        @Override
        public int getDimension() {
            return p;
        }

        @Override
        public double[] computeDerivatives(double time, double[] lambda) {
            double[] out = new double[p];
            derivatives(lambda, out);
            return out;
        }

        /** dλ/dα: {@link QuadraticClosedFormDynamics#eigenvalueRates} in O(p), else the diagonal of F at diag λ. */
        void derivatives(double[] lambda, double[] out) {
            if (f instanceof QuadraticClosedFormDynamics quadratic) {
                quadratic.eigenvalueRates(lambda, out);
                return;
            }
            for (int a = 0; a < p; a++) {
                full[layout.diagonal(a)] = lambda[a];
            }
            f.derivatives(full, fullDot);
            for (int a = 0; a < p; a++) {
                out[a] = fullDot[layout.diagonal(a)];
            }
        }

        /** max|dλ/dα| − 1e-9 (1 + max|λ|): ≤ 0 once settled (the dense route's rule). */
        double convergence(double[] lambda) {
            double[] d = new double[p];
            derivatives(lambda, d);
            return maxAbs(d) - CONVERGED * (1 + maxAbs(lambda));
        }

        /** g(q) = [F_Q(q I, 0)]_11. */
        private double g(double q) {
            double[] lambda = new double[p];
            Arrays.fill(lambda, q);
            double[] d = new double[p];
            derivatives(lambda, d);
            return d[0];
        }

        /** Newton's method on g(q) = 0 (central-difference g'), while |g| decreases, to |g| < 1e-15. */
        double newton(double start) {
            double q = start;
            double gq = g(q);
            for (int it = 0; it < 30 && Math.abs(gq) >= 1e-15; it++) {
                double h = 1e-7 * (1 + Math.abs(q));
                double slope = (g(q + h) - g(q - h)) / (2 * h);
                double trial = q - gq / slope;
                double gt = g(trial);
                if (!(Math.abs(gt) < Math.abs(gq))) {
                    break;
                }
                q = trial;
                gq = gt;
            }
            return q;
        }
    }
}
