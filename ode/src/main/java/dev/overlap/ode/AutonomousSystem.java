package dev.overlap.ode;

/**
 * An autonomous system dy/dt = f(y) on flat double states, as the implicit integrator {@link Rodas4Stepper}
 * needs it: the right-hand side and, where known, its exact Jacobian. {@link OverlapDynamics} is one; the tail
 * refinement's deviation dynamics ({@link dev.overlap.ode.tails.TailRefinement}) is another.
 */
public interface AutonomousSystem {

    /**
     * Dimension of the state.
     *
     * @return the length n of y
     */
    int dimension();

    /** Writes f(y) into yDot (both of length {@link #dimension()}); allocates nothing. */
    void derivatives(double[] y, double[] yDot);

    /**
     * Writes the exact Jacobian ∂f_i/∂y_j at y into {@code rowMajor} (entry (i, j) at i n + j) without allocating,
     * where the system knows it.
     *
     * @return false (and rowMajor untouched) if the system has no exact Jacobian
     */
    default boolean exactJacobian(double[] y, double[] rowMajor) {
        return false;
    }
}
