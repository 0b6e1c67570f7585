package dev.overlap.ode.sampling;

/** An integrator's continuous output over its last step. */
@FunctionalInterface
public interface DenseOutput {

    /** Writes the state at α (within the last step) into {@code out}. */
    void state(double alpha, double[] out);
}
