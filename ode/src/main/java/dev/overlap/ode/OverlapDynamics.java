package dev.overlap.ode;

import dev.overlap.model.PolynomialActivation;
import dev.overlap.model.StandardActivation;
import dev.overlap.symbolic.Derivation;
import dev.overlap.symbolic.EquationCache;
import dev.overlap.symbolic.OverlapEquations;
import dev.overlap.model.ModelSpec;
import dev.overlap.model.SpecException;
import dev.overlap.model.StateLayout;

/**
 * The N → ∞ dynamics of the overlaps: the right-hand side dy/dα of the flat state y (upper triangle of Q,
 * then R; see {@link dev.overlap.model.Overlaps}) and the generalisation error ε_g(Q, R, T).
 *
 * <p>Implementations evaluate {@link #derivatives} without allocating, and keep work buffers, so an
 * instance must not be shared between threads.
 */
public interface OverlapDynamics {

    /** The model this right-hand side implements. */
    ModelSpec spec();

    /** The constant teacher overlap T. */
    double[][] teacherOverlap();

    /** Dimension of the flat state, p(p+1)/2 + p p*. */
    int dimension();

    /**
     * The layout of the flat state.
     *
     * @return the {@link StateLayout} of (p, p*)
     */
    default StateLayout layout() {
        return new StateLayout(spec().p(), spec().pstar());
    }

    /** Writes dy/dα at state y into yDot (both of length {@link #dimension()}); allocates nothing. */
    void derivatives(double[] y, double[] yDot);

    /** ε_g = ½ E[(ŷ − y)²] on clean labels, at state y. */
    double generalisationError(double[] y);

    /** A short name of the evaluator, recorded in outputs (e.g. {@code closed-form}). */
    String evaluatorName();

    /**
     * The Jacobian ∂(dy_i/dα)/∂y_j at y. By default central finite differences of {@link #derivatives} with
     * steps h_j = 1e-6 (1 + |y_j|) (error O(h²) times third derivatives); evaluators that know it exactly
     * override this and {@link #exactJacobian()}.
     */
    default double[][] jacobian(double[] y) {
        int n = y.length;
        double[][] j = new double[n][n];
        double[] x = y.clone();
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int c = 0; c < n; c++) {
            double h = 1e-6 * (1 + Math.abs(y[c]));
            x[c] = y[c] + h;
            derivatives(x, plus);
            x[c] = y[c] - h;
            derivatives(x, minus);
            x[c] = y[c];
            for (int r = 0; r < n; r++) {
                j[r][c] = (plus[r] - minus[r]) / (2 * h);
            }
        }
        return j;
    }

    /** Whether {@link #jacobian} is exact rather than a finite-difference estimate. */
    default boolean exactJacobian() {
        return false;
    }

    /**
     * Writes the exact Jacobian ∂(dy_i/dα)/∂y_j at y into {@code rowMajor} (entry (i, j) at i n + j, n =
     * {@link #dimension()}) without allocating, where the evaluator knows it.
     *
     * @return false (and rowMajor untouched) if this evaluator has no exact Jacobian
     */
    default boolean exactJacobian(double[] y, double[] rowMajor) {
        return false;
    }

    /**
     * The default dynamics for a spec: the closed-form matrix right-hand side for the quadratic activation.
     *
     * @throws SpecException if the activation has no theory yet
     */
    static OverlapDynamics of(ModelSpec spec, double[][] t) {
        boolean closed = isQuadratic(spec) || spec.activation() == StandardActivation.ERF;
        return of(spec, t, closed ? RhsKind.CLOSED_FORM : RhsKind.SYMBOLIC, EquationCache.defaultCache());
    }

    /**
     * The dynamics with a chosen evaluator: the closed form (quadratic activation only) or the compiled
     * symbolic equations (any polynomial activation), derived or read from {@code cache} (null: derive).
     *
     * @throws SpecException if the evaluator does not apply to the activation
     */
    static OverlapDynamics of(ModelSpec spec, double[][] t, RhsKind kind, EquationCache cache) {
        if (spec.activation() == StandardActivation.ERF) {
            if (kind == RhsKind.SYMBOLIC) {
                throw new SpecException("--rhs symbolic needs a polynomial activation; erf has closed-form integrals"
                        + " (--rhs closed-form)");
            }
            return new ErfDynamics(spec, t);
        }
        if (kind == RhsKind.CLOSED_FORM) {
            if (!isQuadratic(spec)) {
                throw new SpecException("--rhs closed-form exists only for the quadratic activation; use --rhs symbolic"
                        + " for '" + spec.activation().name() + "'");
            }
            return new QuadraticClosedFormDynamics(spec, t);
        }
        if (!(spec.activation() instanceof PolynomialActivation)) {
            throw new SpecException("no ODE theory for activation '" + spec.activation().name() + "' yet");
        }
        PolynomialActivation sigma = (PolynomialActivation) spec.activation();
        OverlapEquations eq = cache == null
                ? Derivation.derive(spec)
                : cache.obtain(spec.p(), spec.pstar(), sigma, spec.normalisation(), spec.eta2());
        return new SymbolicDynamics(spec, t, eq);
    }

    private static boolean isQuadratic(ModelSpec spec) {
        return spec.activation() instanceof PolynomialActivation
                && ((PolynomialActivation) spec.activation()).isQuadratic();
    }
}
