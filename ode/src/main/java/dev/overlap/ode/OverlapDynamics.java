package dev.overlap.ode;

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
public interface OverlapDynamics extends AutonomousSystem {

    /**
     * The model this right-hand side implements.
     *
     * @return the model spec
     */
    ModelSpec spec();

    /**
     * The constant teacher overlap T.
     *
     * @return T, p*×p*
     */
    double[][] teacherOverlap();

    /**
     * Dimension of the flat state, p(p+1)/2 + p p*.
     *
     * @return p(p+1)/2 + p p*
     */
    @Override
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
    @Override
    void derivatives(double[] y, double[] yDot);

    /**
     * ε_g = ½ E[(ŷ − y)²] on clean labels, at state y.
     *
     * @return ε_g at y
     */
    double generalisationError(double[] y);

    /**
     * A short name of the evaluator, recorded in outputs (e.g. {@code closed-form}).
     *
     * @return the evaluator's name, e.g. {@code closed-form} or {@code symbolic}
     */
    String evaluatorName();

    /**
     * The Jacobian ∂(dy_i/dα)/∂y_j at y: {@link #exactJacobian(double[], double[])} where the evaluator has it,
     * else central finite differences of {@link #derivatives} with steps h_j = 1e-6 (1 + |y_j|) (error O(h²) times
     * third derivatives). Evaluators with an exact Jacobian also override {@link #exactJacobian()}.
     *
     * @return the d×d matrix J[i][j] = ∂(dy_i/dα)/∂y_j, d = {@link #dimension()}
     */
    default double[][] jacobian(double[] y) {
        int n = y.length;
        double[][] j = new double[n][n];
        double[] flat = new double[n * n];
        if (exactJacobian(y, flat)) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(flat, r * n, j[r], 0, n);
            }
            return j;
        }
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

    /**
     * Whether {@link #jacobian} is exact rather than a finite-difference estimate.
     *
     * @return true if {@link #jacobian} is exact, false for the finite-difference default
     */
    default boolean exactJacobian() {
        return false;
    }

    /**
     * Writes the exact Jacobian ∂(dy_i/dα)/∂y_j at y into {@code rowMajor} (entry (i, j) at i n + j, n =
     * {@link #dimension()}) without allocating, where the evaluator knows it.
     *
     * @return false (and rowMajor untouched) if this evaluator has no exact Jacobian
     */
    @Override
    default boolean exactJacobian(double[] y, double[] rowMajor) {
        return false;
    }

    /**
     * The dynamics of a spec with the default evaluator of its activation ({@link ActivationTheory}: the closed
     * form for z² and erf, the compiled symbolic equations for other polynomials).
     *
     * @return the dynamics with the default evaluator of the spec's activation
     * @throws SpecException if the activation has no theory yet
     */
    static OverlapDynamics of(ModelSpec spec, double[][] t) {
        ActivationTheory theory = ActivationTheory.of(spec.activation());
        return theory.dynamics(spec, t, theory.defaultRightHandSide());
    }

    /**
     * The dynamics with a chosen evaluator: the closed form (z² and erf) or the compiled symbolic equations (any
     * polynomial activation, when a {@link SymbolicRightHandSide} is registered).
     *
     * @return the dynamics evaluated by {@code kind}
     * @throws SpecException if the evaluator does not apply to the activation
     */
    static OverlapDynamics of(ModelSpec spec, double[][] t, RhsKind kind) {
        return ActivationTheory.of(spec.activation()).dynamics(spec, t, kind);
    }
}
