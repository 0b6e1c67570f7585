package dev.overlap.ode;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Adapter from {@link OverlapDynamics} to Hipparchus. It returns the same buffer on every call (Hipparchus
 * copies it into its own state), so the adapter adds no allocation to the right-hand side; it also counts
 * evaluations.
 */
final class OverlapOde implements OrdinaryDifferentialEquation {

    private final OverlapDynamics dynamics;
    private final double[] yDot;
    private long evaluations;

    OverlapOde(OverlapDynamics dynamics) {
        this.dynamics = dynamics;
        this.yDot = new double[dynamics.dimension()];
    }

    @Override
    public int getDimension() {
        return dynamics.dimension();
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        evaluations++;
        dynamics.derivatives(y, yDot);
        return yDot;
    }

    long evaluations() {
        return evaluations;
    }
}
